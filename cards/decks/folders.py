"""Finding deck files: the `*.toml` regular files of each deck folder, in name order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cards.decks.printable import is_text

DECK_SUFFIX = ".toml"
NOT_TEXT = "its name is not UTF-8 text (rename it)"


def deck_paths(folders: Iterable[Path], skipped: list[str] | None = None) -> list[Path]:
    """The deck files in `folders`, each folder sorted by name; a missing folder is skipped.

    Only regular files are deck files: a folder, pipe or device named `*.toml` (a pipe would
    hang the read forever), a link that leads nowhere and a folder that cannot be listed are
    left out, each with a line in `skipped` saying why. So is a name that is not UTF-8: the
    collection keeps each file's path as text.
    """
    paths: list[Path] = []
    notes = skipped if skipped is not None else []
    for folder in folders:
        if not is_text(str(folder)):
            notes.append(f"{folder}: skipped: {NOT_TEXT}")
            continue
        kind = _kind(folder, notes)
        if kind == "file":
            paths.append(folder)
        elif kind == "folder":
            paths.extend(_folder_decks(folder, notes))
        elif kind == "other":
            notes.append(f"{folder}: skipped: not a regular file or folder")
    return paths


def _folder_decks(folder: Path, skipped: list[str]) -> list[Path]:
    try:
        names = sorted(
            entry.name for entry in os.scandir(folder) if entry.name.endswith(DECK_SUFFIX)
        )
    except OSError as error:
        skipped.append(
            f"{folder}: cannot read the folder ({error.strerror}); its decks are left out"
        )
        return []
    found = []
    for name in names:
        path = folder / name
        if not is_text(name):
            skipped.append(f"{path}: skipped: {NOT_TEXT}")
            continue
        kind = _kind(path, skipped)
        if kind == "file":
            found.append(path)
        elif kind is not None:
            skipped.append(f"{path}: skipped: not a regular file")
    return found


def _kind(path: Path, skipped: list[str]) -> str | None:
    """ "file", "folder" or "other" for what `path` leads to; None when it leads nowhere."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            skipped.append(f"{path}: skipped: a link to nothing")
        return None
    except (OSError, RuntimeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "cannot be followed"
        skipped.append(f"{path}: skipped: {reason}")
        return None
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"

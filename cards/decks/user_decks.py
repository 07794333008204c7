"""The user's deck folder: where new decks are created and built-in decks are copied to be edited.

Nothing is ever written inside the installed package. A built-in deck is edited through a copy
in the user's deck folder under the same file name; from then on the copy takes the built-in
file's place (same note ids, so the schedules stay with the cards).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from cards.decks.folders import DECK_SUFFIX, deck_paths
from seeds import BUILTIN_DECKS, SCHEMA_FILE

SCHEMA_NAME = SCHEMA_FILE.name


def is_builtin(path: Path) -> bool:
    """True for a deck file shipped inside the package."""
    return path.resolve().parent == BUILTIN_DECKS


def files_in_use(
    folders: Iterable[Path], user_decks: Path, skipped: list[str] | None = None
) -> list[Path]:
    """The deck files of `folders`, with each built-in file the user has copied replaced by
    the copy, at the built-in file's place (so new cards keep their order). Entries that are
    not deck files are left out with a line in `skipped` (see `deck_paths`)."""
    paths = deck_paths(folders, skipped)
    copies = {path.name: path for path in deck_paths([user_decks])} if user_decks.is_dir() else {}
    # The name first: resolving each path (for `is_builtin`) costs more than the rest together.
    replacing = {copies[path.name] for path in paths if path.name in copies and is_builtin(path)}
    out: list[Path] = []
    for path in paths:
        if path.name in copies and is_builtin(path):
            out.append(copies[path.name])
        elif path not in replacing:
            out.append(path)
    return out


def replaced_builtins(user_decks: Path) -> dict[Path, Path]:
    """Built-in deck file -> the user's copy that takes its place."""
    if not user_decks.is_dir():
        return {}
    return {
        builtin: user_decks / builtin.name
        for builtin in deck_paths([BUILTIN_DECKS])
        if (user_decks / builtin.name).is_file()
    }


def editable_file(path: Path, user_decks: Path) -> Path:
    """The file to edit for a note in `path`: the file itself, or for a built-in deck the
    user's copy (made now if it does not exist yet)."""
    if not is_builtin(path):
        return path
    target = user_decks / path.name
    if not target.exists():
        write_file(target, path.read_bytes())
    ensure_schema(user_decks)
    return target


def ensure_schema(folder: Path) -> None:
    """Put the deck JSON Schema beside the user's decks, so `#:schema ./deck.schema.json` works."""
    target = folder / SCHEMA_NAME
    content = SCHEMA_FILE.read_bytes()
    try:
        if target.read_bytes() == content:
            return
    except OSError:
        pass
    write_file(target, content)


def deck_slug(name: str) -> str:
    """A file name stem for a deck name: `Amazon::IoT` -> `amazon-iot`."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return "-".join(words) or "deck"


def new_deck_path(user_decks: Path, name: str) -> Path:
    """A free file name for a new deck in the user's folder (slug, then slug-2, ...)."""
    stem = deck_slug(name)
    builtin_names = {path.name for path in deck_paths([BUILTIN_DECKS])}
    number = 1
    while True:
        candidate = user_decks / f"{stem if number == 1 else f'{stem}-{number}'}{DECK_SUFFIX}"
        if not candidate.exists() and candidate.name not in builtin_names:
            return candidate
        number += 1


def write_file(path: Path, content: bytes) -> None:
    """Replace `path` whole or not at all: a crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # writing only: start-up reads

    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

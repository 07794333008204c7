"""Media files an import brings: never written over a file already in the deck folder's `media`.

A package's `pic.png` goes in as `pic.png` when no file has that name, is shared when the file
there has the same bytes (the same package imported again), and otherwise gets the first free
name of `pic-2.png`, `pic-3.png`...; the notes of this import then refer to that name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cards.anki.package_unpack import PackageMedia
from cards.decks.media import MEDIA_FOLDER

_CHUNK = 1 << 16


def media_names(
    folder: Path, wanted: set[str], package: PackageMedia
) -> tuple[dict[str, str], dict[str, str]]:
    """(package name -> name in `folder/media`, name there -> package file still to copy)."""
    media = folder / MEDIA_FOLDER
    names: dict[str, str] = {}
    to_copy: dict[str, str] = {}
    for name in sorted(wanted):
        source = name
        stem, dot, suffix = name.rpartition(".")
        if not stem:
            stem, dot, suffix = name, "", ""
        number = 1
        while True:
            candidate = name if number == 1 else f"{stem}-{number}{dot}{suffix}"
            number += 1
            if candidate in to_copy:
                continue
            target = media / candidate
            if not os.path.lexists(target):
                to_copy[candidate] = source
                break
            if target.is_file() and not target.is_symlink() and _same(target, package, source):
                break
        names[name] = candidate
    return names, to_copy


def _same(path: Path, package: PackageMedia, name: str) -> bool:
    """Whether the file at `path` holds the bytes of the package's `name`."""
    try:
        with path.open("rb") as mine, package.open(name) as theirs:
            while True:
                chunk = theirs.read(_CHUNK)
                if mine.read(len(chunk)) != chunk:
                    return False
                if not chunk:
                    return True
    except Exception:  # unreadable either side: not the same file, so a new name is taken
        return False


def renamed_references(body: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The note's table with every `media/OLD` reference pointing at its new name."""
    rename = _renaming(names)
    if rename is None:
        return body

    def move(value: Any) -> Any:
        if isinstance(value, str):
            return rename(value)
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        return value

    return {key: move(value) for key, value in body.items()}


def text_renaming(names: dict[str, str]) -> Callable[[str], str]:
    """What turns a note's deck-file text into one whose every `media/OLD` reference points at
    its new name: the references are URL-quoted, so no TOML escape stands within one."""
    rename = _renaming(names)
    return (lambda text: text) if rename is None else rename


def _renaming(names: dict[str, str]) -> Callable[[str], str] | None:
    moves = {old: new for old, new in names.items() if old != new}
    if not moves:
        return None
    pattern = re.compile(
        r"(\]\(<?media/)("
        + "|".join(re.escape(quote(old)) for old in sorted(moves, key=len, reverse=True))
        + r")(?=[)>\s])"
    )
    quoted = {quote(old): quote(new) for old, new in moves.items()}
    return lambda value: pattern.sub(lambda match: match.group(1) + quoted[match.group(2)], value)

"""Where things are in a deck file's text: the line of a note, of a field, of a validation error.

Pydantic and TOML report where a problem is as a path (`notes[3].en.back`); a user needs a line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cards.decks.problems import Problem, field_path

_NOTES_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*notes[ \t]*\]\]", re.M)


def locate(
    path: Path, text: str, data: dict[str, Any], loc: tuple[int | str, ...], message: str
) -> Problem:
    """Turn a validation error's location into file line, note id and field."""
    if len(loc) >= 2 and loc[0] == "notes" and isinstance(loc[1], int):
        index, rest = loc[1], loc[2:]
        note = data["notes"][index] if isinstance(data.get("notes"), list) else None
        note_id = note.get("id") if isinstance(note, dict) else None
        label = note_id if isinstance(note_id, str) and note_id else f"notes[{index}]"
        line = _field_line(text, _nth_note_line(text, index), rest)
        return Problem(path, message, line, label, field_path(rest) or None)
    line = _field_line(text, 1, loc, fallback=None) if loc else None
    return Problem(path, message, line, None, field_path(loc) or None)


def _nth_note_line(text: str, index: int) -> int | None:
    for number, match in enumerate(_NOTES_HEADER.finditer(text)):
        if number == index:
            return text.count("\n", 0, match.start()) + 1
    return None


def _field_line(
    text: str, start: int | None, loc: tuple[int | str, ...], fallback: int | None = -1
) -> int | None:
    """The line, from `start` to the next note, where the field at `loc` is written."""
    if start is None:
        return None
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return start
    lines = text.splitlines()
    key = re.compile(rf"^\s*(?:[\w.\"-]+\.)?\"?{re.escape(names[-1])}\"?\s*=")
    for number in range(start - 1, len(lines)):
        if number > start - 1 and _NOTES_HEADER.match(lines[number]):
            break
        if key.match(lines[number]):
            return number + 1
    return start if fallback == -1 else fallback


_DECLARED_ID = re.compile(r"^[ \t]*id[ \t]*=[ \t]*[\"']([^\"'\n]*)[\"']", re.M)


def first_note_lines(text: str) -> dict[str, int]:
    """Each note id's line in `text` (its first declaration), found in one pass: a file with
    thousands of problems is not read again for each one's line."""
    lines: dict[str, int] = {}
    line, at = 1, 0
    for match in _DECLARED_ID.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def note_line(
    path: Path, note_id: str, occurrence: int = 1, *, text: str | None = None
) -> int | None:
    """The line where `note_id` is declared in `path` (its nth declaration), if it can be found."""
    if text is None:
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
    pattern = re.compile(rf"^[ \t]*id[ \t]*=[ \t]*[\"']{re.escape(note_id)}[\"']", re.M)
    for number, match in enumerate(pattern.finditer(text), start=1):
        if number == occurrence:
            return text.count("\n", 0, match.start()) + 1
    return None

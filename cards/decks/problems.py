"""Problems in deck files, as lines a person can act on: `file:line: note-id: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cards.decks.printable import printable

if TYPE_CHECKING:  # Pydantic loads only where deck files are validated
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


ProblemKind = Literal["invalid", "duplicate-id"]
"""`duplicate-id`: a note id declared again, whose note is left out where it is declared again
(a sync reads the file again once the first declaration is gone); `invalid`: anything else."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a deck file."""

    path: Path
    message: str
    line: int | None = None
    note_id: str | None = None
    field: str | None = None
    kind: ProblemKind = "invalid"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        parts = [where, self.note_id, self.field, self.message]
        return printable(": ".join(part for part in parts if part))


def duplicate_note_id(path: Path, note_id: str, line: int | None, where: str) -> Problem:
    """A note id declared again; `where` names the declaration that keeps it, in words."""
    return Problem(path, f"duplicate note id ({where})", line, note_id, "id", "duplicate-id")


def friendly_message(error: ErrorDetails) -> str:
    """Pydantic's error, reworded for someone editing a deck file."""
    kind = error["type"]
    field = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        return "is required"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # models, dataclasses
        return "unknown key (check its spelling)"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        if field == "id":
            return "not a slug: use lowercase letters, digits, '-' and '/' (e.g. flywheel/momentum)"
        if isinstance(error["loc"][-1], int) and "tags" in error["loc"]:
            return "a tag cannot contain spaces"
        if field == "name":
            return "a deck name is words separated by '::', e.g. Amazon::Flywheel"
        if field == "lines":
            return 'line numbers look like "5", "5-7" or "5-7,9"'
        return "must not be blank"
    if kind == "enum":
        return "must be one of basic, reverse, cloze"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def field_path(loc: tuple[int | str, ...]) -> str:
    """`('en', 'text')` -> `en.text`; `('tags', 2)` -> `tags[2]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def from_validation_error(error: ValidationError) -> list[tuple[tuple[int | str, ...], str]]:
    """The location and readable message of each error pydantic found."""
    return [(tuple(e["loc"]), friendly_message(e)) for e in error.errors()]

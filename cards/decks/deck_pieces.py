"""Reading a large deck file about a thousand notes at a time, so it is never held whole.

A deck file is a header followed by `[[notes]]` tables. Its text is cut before lines that are
exactly `[[notes]]`, and each piece is parsed on its own. That reads as parsing the whole file
does whenever every piece parses and the pieces after the header hold notes only: a cut inside a
multi-line string would leave the string unterminated in the piece before it, which then fails to
parse. Anything else (a piece that does not parse, a header holding notes, a table after the
notes, text that is not UTF-8) raises `Unstreamable`, and the caller reads the file whole, which
says exactly what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cards.decks.loading import parse_toml

NOTES_HEADER = "[[notes]]"
NOTES_PER_PIECE = 1024
"""Notes parsed at once: large enough that parsing costs what it does for the whole file."""


class Unstreamable(Exception):
    """The file cannot be read piece by piece: read it whole."""


class DeckPieces:
    """An open deck file: its header's table at once, then its notes' tables as iterated."""

    def __init__(self, path: Path) -> None:
        self._file: IO[str] = path.open(encoding="utf-8-sig", newline="")
        try:
            lines = self._lines()
            header: list[str] = []
            self._first: str | None = None
            for line in lines:
                if _cuts(line):
                    self._first = line
                    break
                header.append(line)
            self._rest = lines
            self.header = _table("".join(header))
        except BaseException:
            self._file.close()
            raise
        if "notes" in self.header:
            self._file.close()
            raise Unstreamable("the header holds notes")

    def __enter__(self) -> DeckPieces:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def notes(self) -> Iterator[dict[str, Any]]:
        """Each note's table, in file order; raises `Unstreamable` at the first piece that
        does not read as notes only."""
        if self._first is None:
            return
        piece, count = [self._first], 1
        for line in self._rest:
            if _cuts(line):
                if count >= NOTES_PER_PIECE:
                    yield from _notes_of(piece)
                    piece, count = [], 0
                count += 1
            piece.append(line)
        yield from _notes_of(piece)

    def _lines(self) -> Iterator[str]:
        try:
            yield from self._file
        except (UnicodeDecodeError, OSError) as error:
            raise Unstreamable(str(error)) from None


def _cuts(line: str) -> bool:
    return line.rstrip("\r\n") == NOTES_HEADER


def _table(text: str) -> dict[str, Any]:
    try:
        return parse_toml(text)
    except Exception as error:  # any parse failure: the whole file's reading names it
        raise Unstreamable(str(error)) from None


def _notes_of(piece: list[str]) -> list[dict[str, Any]]:
    table = _table("".join(piece))
    notes = table.get("notes")
    if table.keys() != {"notes"} or not isinstance(notes, list):
        raise Unstreamable("a table other than notes among them")
    return notes

"""What an import keeps on disk rather than in memory until it is written.

A large package's notes, converted and checked, would otherwise all be held at once before
the first deck file is written: their text (a hundred megabytes at 100,000 notes), and every
card's schedule and every note's Anki origin until the store takes them. They go into
temporary files that have no name (`tempfile.TemporaryFile`), so the kernel frees them however
the process ends, and are read back in the order they were added.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from array import array
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from cards.anki.import_schedule import ImportedCard
from cards.anki.note_origins import AnkiOrigin
from cards.decks.vocabulary import NoteKind

Item = TypeVar("Item")
Row = tuple[Any, ...]
"""A row of plain values (numbers, text, None, tuples of them): what `marshal` writes."""


class SpilledTexts:
    """Texts filed under keys (deck names), read back in the order they were added."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`
        self._end = 0
        self._where: dict[str, array[int]] = {}
        """Key -> offset and length of each of its texts, in turn."""

    def add(self, key: str, text: str) -> None:
        data = text.encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        self._where.setdefault(key, array("q")).extend((self._end, len(data)))
        self._end += len(data)

    def keys(self) -> list[str]:
        return list(self._where)

    def pop(self, key: str) -> list[str]:
        """The texts of `key`, read into memory, and the key forgotten."""
        texts = list(self.texts(key))
        self._where.pop(key, None)
        return texts

    def texts(self, key: str) -> Iterator[str]:
        where = self._where.get(key, array("q"))
        for index in range(0, len(where), 2):
            self._file.seek(where[index])
            yield self._file.read(where[index + 1]).decode("utf-8")

    def close(self) -> None:
        self._file.close()


class Spilled(Generic[Item]):
    """A list of items kept on disk as rows, a few thousand to a write, and read back in order
    as often as asked (each reading its own way through the file)."""

    BATCH = 4096
    _LENGTH = 8

    def __init__(self, to_row: Callable[[Item], Row], from_row: Callable[[Row], Item]) -> None:
        self._to_row = to_row
        self._from_row = from_row
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`
        self._waiting: list[Row] = []
        self._end = 0

    def append(self, item: Item) -> None:
        self._waiting.append(self._to_row(item))
        if len(self._waiting) >= self.BATCH:
            self._write()

    def __iter__(self) -> Iterator[Item]:
        self._write()
        descriptor, offset, end = self._file.fileno(), 0, self._end
        while offset < end:
            size = int.from_bytes(os.pread(descriptor, self._LENGTH, offset), "little")
            offset += self._LENGTH
            for row in marshal.loads(os.pread(descriptor, size, offset)):
                yield self._from_row(row)
            offset += size

    def close(self) -> None:
        self._file.close()

    def _write(self) -> None:
        if not self._waiting:
            return
        data = marshal.dumps(self._waiting)
        self._file.seek(self._end)
        self._file.write(len(data).to_bytes(self._LENGTH, "little") + data)
        self._file.flush()
        self._end += self._LENGTH + len(data)
        self._waiting = []


def spilled_cards() -> Spilled[ImportedCard]:
    """Imported cards' schedules, kept on disk."""
    return Spilled(ImportedCard.row, ImportedCard.from_row)


def spilled_origins() -> Spilled[tuple[str, AnkiOrigin]]:
    """Imported notes' Anki origins by GUID, kept on disk."""
    return Spilled(_origin_row, _origin_from_row)


def _origin_row(item: tuple[str, AnkiOrigin]) -> Row:
    guid, origin = item
    return (guid, origin.notetype_id, origin.kind.value, origin.lang, origin.fields)


def _origin_from_row(row: Row) -> tuple[str, AnkiOrigin]:
    guid, notetype_id, kind, lang, fields = row
    return guid, AnkiOrigin(notetype_id, NoteKind(kind), lang, fields)

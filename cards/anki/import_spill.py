"""The text of the notes an import will write, kept on disk rather than in memory until then.

A large package's notes, converted and checked, would otherwise all be held at once as their
deck files' text before the first file is written (a hundred megabytes at 100,000 notes). They
go into one temporary file that has no name (`tempfile.TemporaryFile`), so the kernel frees it
however the process ends, and are read back a deck at a time, in order, as the deck is written.
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterator


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

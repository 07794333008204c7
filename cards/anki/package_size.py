"""How much a package expands to, measured before Anki unpacks it: a zip bomb is refused.

A few hundred kilobytes of zip can hold hundreds of megabytes of zeros as "media", and current
packages compress each member once more with zstd. Every member is read through both layers as
a stream, counting bytes and keeping none, and the count stops at the cap: a package may expand
to `ALLOWED_RATIO` times its own size plus `ALLOWED_EXTRA`. Real media (pictures, sounds) barely
compress and collections of text about ten times, so no real package comes near it.
"""

from __future__ import annotations

import zipfile
from typing import IO, Protocol, cast

from cards.errors import FlywheelError

ALLOWED_RATIO = 50
ALLOWED_EXTRA = 16 << 20
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 20


def expansion_cap(package_size: int) -> int:
    return ALLOWED_EXTRA + ALLOWED_RATIO * package_size


def check_expanded_size(archive: zipfile.ZipFile, package_size: int, shown_name: str) -> None:
    """Refuse, in one line, a package whose members expand past `expansion_cap`."""
    cap = expansion_cap(package_size)
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as member:
            total += _member_size(member, cap - total)
        if total > cap:
            raise FlywheelError(
                f"{shown_name}: refused: the package expands to more than {cap >> 20} MiB "
                f"({ALLOWED_RATIO} times its size), as a zip bomb does"
            )


def _member_size(member: IO[bytes], room: int) -> int:
    """The member's size through zip and (when it is zstd) zstd, counted up to `room` + 1."""
    head = member.read(len(ZSTD_MAGIC))
    if head != ZSTD_MAGIC:
        return len(head) + _count(member, room - len(head))
    try:
        import zstandard
    except ImportError:  # the anki extra brings it; without it nothing here can be read
        from cards.anki.import_reader import INSTALL_HINT

        raise FlywheelError(INSTALL_HINT) from None
    stream = cast(IO[bytes], _Prefixed(head, member))
    reader = zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
    try:
        return _count(reader, room)
    except zstandard.ZstdError:
        return 0  # not zstd after all, or damaged: Anki says so when it reads the package


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _count(stream: _Readable, room: int) -> int:
    total = 0
    while total <= room:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
    return total


class _Prefixed:
    """A member with its first bytes, already read, put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            if size < 0:
                return head + self._rest.read()
            return head + self._rest.read(max(0, size - len(head)))
        return self._rest.read(size)

"""A package's collection and media, read straight from its zip: no Anki import, no named files.

An `.apkg` or `.colpkg` is a zip holding the collection (`collection.anki21b`, zstd-compressed,
in current packages; `collection.anki21` or `collection.anki2`, plain SQLite, in older ones), a
`media` map from member names to file names (JSON, or zstd-compressed protobuf) and the media
files themselves (zstd-compressed too in current packages).

The collection is unpacked, a chunk at a time, into a file that has no name yet
(`cards.anki.unnamed_files`), so a process killed meanwhile, even by `kill -9`, leaves nothing
behind. SQLite can only open a file by name: the file is given one, marked with the process id,
for the few milliseconds it takes SQLite to open it and read its schema, then the name is
removed and SQLite reads on through its open descriptor (the kernel frees the file when it is
closed). Media are never unpacked: each is read from the zip as it is copied into the deck
folder.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from cards.anki.import_files import TEMP_PREFIX
from cards.anki.package_size import ZSTD_MAGIC
from cards.anki.unnamed_files import unnamed_file

COLLECTION_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""In the order they are preferred: a current package also holds a stub `collection.anki2`."""
_CHUNK = 1 << 20


class PackageMedia:
    """The package's media files by name, each read from the zip when it is wanted."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, str], compressed: bool):
        self._archive = archive
        self._members = members
        self._compressed = compressed

    def __contains__(self, name: object) -> bool:
        return name in self._members

    def names(self) -> list[str]:
        return sorted(self._members)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """The file's bytes as a stream (through zstd when the package compressed them)."""
        with self._archive.open(self._members[name]) as member:
            if not self._compressed:
                yield member
                return
            import zstandard

            reader = zstandard.ZstdDecompressor().stream_reader(member, read_across_frames=True)
            with reader:
                yield reader


def damage_errors() -> tuple[type[Exception], ...]:
    """What reading a damaged member raises: zip's errors, and zstd's for compressed ones."""
    import zlib

    import zstandard

    return (zipfile.BadZipFile, zlib.error, EOFError, zstandard.ZstdError)


def collection_member(names: set[str]) -> str:
    """The member holding the collection (the caller has checked that one is there)."""
    return next(name for name in COLLECTION_MEMBERS if name in names)


@contextmanager
def unpacked_collection(archive: zipfile.ZipFile) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the package's collection, unpacked where nothing can stay."""
    member = collection_member(set(archive.namelist()))
    folder = Path(tempfile.gettempdir())
    name = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.anki2"
    with unnamed_file(folder, name.with_suffix(".tmp")) as (out, link):
        _unpack(archive, member, out)
        link(name)
        try:
            connection = _connect(name)
        finally:
            name.unlink(missing_ok=True)
    try:
        yield connection
    finally:
        connection.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that has read the schema, so the file's name can go while it reads on."""
    # immutable: no locks, and no journal or write-ahead log looked for beside it.
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        connection.text_factory = lambda data: data.decode("utf-8", "replace")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def _unpack(archive: zipfile.ZipFile, member: str, out: IO[bytes]) -> None:
    """Copy the collection into `out`, through zstd when it is compressed; a database saved in
    write-ahead-log mode is marked as a plain one, since its log is not in the package."""
    with archive.open(member) as source:
        head = source.read(len(ZSTD_MAGIC))
        if head == ZSTD_MAGIC:
            import zstandard

            from cards.anki.package_size import _Prefixed

            stream: Any = zstandard.ZstdDecompressor().stream_reader(
                _Prefixed(head, source),  # type: ignore[arg-type]
                read_across_frames=True,
            )
        else:
            out.write(head)
            stream = source
        while chunk := stream.read(_CHUNK):
            out.write(chunk)
    out.flush()
    out.seek(18)
    if out.read(2) == b"\x02\x02":
        out.seek(18)
        out.write(b"\x01\x01")
        out.flush()


def package_media(archive: zipfile.ZipFile) -> tuple[PackageMedia, list[str]]:
    """The package's media, and the entries of its map left out (names that cannot be a file
    in the media folder, or members missing), counted for a warning by the caller."""
    names = set(archive.namelist())
    if "media" not in names:
        return PackageMedia(archive, {}, False), []
    raw = archive.read("media")
    compressed = raw.startswith(ZSTD_MAGIC)
    entries = _entries(raw) if compressed else _legacy_entries(raw)
    members: dict[str, str] = {}
    left_out: list[str] = []
    for member, name in entries:
        if member not in names:
            left_out.append(name)
        else:
            members.setdefault(name, member)
    return PackageMedia(archive, members, compressed), left_out


def _legacy_entries(raw: bytes) -> list[tuple[str, str]]:
    try:
        mapping = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(mapping, dict):
        return []
    return [(str(member), name) for member, name in mapping.items() if isinstance(name, str)]


def _entries(raw: bytes) -> list[tuple[str, str]]:
    import zstandard
    from anki.import_export_pb2 import MediaEntries

    try:
        data = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True).read()
        entries = MediaEntries.FromString(data).entries
    except Exception:  # a damaged map: no media, each note's missing file is named
        return []
    found = []
    for index, entry in enumerate(entries):
        member = entry.legacy_zip_filename if entry.HasField("legacy_zip_filename") else index
        found.append((str(member), entry.name))
    return found

"""Packages made by real Anki and then altered the way a hostile or broken tool would: rows of
the collection inside changed by SQL, members replaced, the media map rewritten."""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import zstandard

from tests.anki_packages import PNG

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def members(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path: Path, contents: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def collection_member(contents: dict[str, bytes]) -> str:
    """The member holding the collection Anki reads (the newest format present)."""
    for name in ("collection.anki21b", "collection.anki21", "collection.anki2"):
        if name in contents:
            return name
    raise AssertionError("no collection in the package")


def with_sql(package: Path, out: Path, statements: Iterable[str], *, lenient: bool = False) -> Path:
    """`package` with `statements` run on the collection inside (zstd-compressed or not);
    `lenient` passes over a statement SQLite itself refuses (a type its schema enforces)."""
    contents = members(package)
    name = collection_member(contents)
    raw = contents[name]
    compressed = raw.startswith(ZSTD_MAGIC)
    if compressed:
        raw = zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.sqlite"
        database.write_bytes(raw)
        connection = sqlite3.connect(database)
        connection.create_collation("unicase", _unicase)
        try:
            for statement in statements:
                try:
                    connection.execute(statement)
                except sqlite3.Error:
                    if not lenient:
                        raise
            connection.commit()
        finally:
            connection.close()
        raw = database.read_bytes()
    contents[name] = zstandard.ZstdCompressor().compress(raw) if compressed else raw
    return write_members(out, contents)


def _unicase(one: str, other: str) -> int:
    """Anki's collation for names, near enough for the statements of a test."""
    return (one.casefold() > other.casefold()) - (one.casefold() < other.casefold())


def legacy_with_media(package: Path, out: Path, media: dict[str, bytes]) -> Path:
    """A legacy package (JSON media map, plain members) whose media are `media`."""
    contents = {name: data for name, data in members(package).items() if not name.isdigit()}
    mapping = {str(number): name for number, name in enumerate(media)}
    import json

    contents["media"] = json.dumps(mapping).encode()
    for number, data in enumerate(media.values()):
        contents[str(number)] = data
    return write_members(out, contents)


OTHER_PNG = PNG[:-12] + b"\x00" * 12
"""Bytes that differ from the shared test picture under the same name."""

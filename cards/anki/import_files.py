"""The deck files an import writes: which are its own, where a new deck goes, and writing them.

Provenance lives in the file itself, as its header comment: `# Imported from the Anki package
NAME; ...`. A file in the target folder carrying that header is the import's own for a package
when it names the same package file, or when it holds a note with one of the package's GUIDs (a
package renamed, or exported anew from the same Anki deck). Only such a file is ever rewritten;
every other file, the user's own above all, is left byte for byte as it was, and a new deck of
the same name gets a free file name beside it (`spanish-2.toml`).

Every file is written before it has a name and then linked to its own (a new name, so a file
that appeared meanwhile is never replaced), or to a temporary name renamed over the old file.
Temporary names carry the writing process's id: where a file cannot be written without a name,
or in the moment between a link and its rename, a killed import leaves them behind, and the next
import removes them.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import rtoml

from cards.anki.unnamed_files import unnamed_file
from cards.decks.folders import DECK_SUFFIX
from cards.decks.printable import printable
from cards.errors import FlywheelError

HEADER = (
    "# Imported from the Anki package {package}; importing it again updates this file "
    "and keeps the notes added to it.\n\n"
)
_HEADER = re.compile(r"^# Imported from the Anki package (.*); importing it again ", re.MULTILINE)
_HEADER_LINES = 4
"""How many lines from the top may hold the header (a `#:schema` line may come first)."""
TEMP_PREFIX = "flywheel-import-"
_TEMP_FILE = re.compile(r"^\..+\.flywheel-import-(\d+)-[0-9a-f]+\.tmp$")
_TEMP_FOLDER = re.compile(rf"^{TEMP_PREFIX}(\d+)-")


def shown(name: str) -> str:
    """A file name as it may stand in a one-line comment or message: controls and bytes that
    are not UTF-8 written as escapes."""
    return printable(name).encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class OwnFile:
    """A deck file an earlier import of this package wrote, as it reads now."""

    path: Path
    table: dict[str, Any]
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def deck(self) -> str:
        return str(self.table.get("name", ""))

    def guids(self) -> set[str]:
        return {str(note["guid"]) for note in self.notes if isinstance(note.get("guid"), str)}


def own_files(folder: Path, package: str, guids: set[str]) -> list[OwnFile]:
    """The files in `folder` an import of this package wrote (see the module docstring).

    Raises:
        FlywheelError: Such a file no longer reads as TOML: it is not rewritten blindly.
    """
    found = []
    for path in _deck_files(folder):
        recorded = _recorded_package(path)
        if recorded is None:
            continue
        try:
            table = rtoml.loads(path.read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError, rtoml.TomlParsingError) as error:
            if recorded == shown(package):
                raise FlywheelError(
                    f"{printable(str(path))}: this package's deck file does not read "
                    f"({_reason(error)}); fix it (see `flywheel check`) and import again"
                ) from None
            continue
        raw_notes = table.get("notes")
        notes = (
            [note for note in raw_notes if isinstance(note, dict)]
            if isinstance(raw_notes, list)
            else []
        )
        own = OwnFile(path, table, notes)
        if recorded == shown(package) or own.guids() & guids:
            found.append(own)
    return found


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return printable(text[0]) if text else type(error).__name__


def _deck_files(folder: Path) -> list[Path]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError:
        return []
    return [
        folder / name for name in names if name.endswith(DECK_SUFFIX) and (folder / name).is_file()
    ]


def _recorded_package(path: Path) -> str | None:
    """The package named in the file's import header, or None for a file no import wrote."""
    try:
        with path.open("rb") as file:
            head = b"".join(file.readline(4096) for _ in range(_HEADER_LINES))
    except OSError:
        return None
    match = _HEADER.search(head.decode("utf-8", "replace"))
    return match.group(1) if match else None


def free_deck_path(folder: Path, slug: str, planned: Iterable[Path]) -> Path:
    """`slug.toml`, or `slug-2.toml`... : a name no file (of any kind) and no other deck of this
    import has."""
    taken = {path.name for path in planned}
    number = 1
    while True:
        name = f"{slug if number == 1 else f'{slug}-{number}'}{DECK_SUFFIX}"
        if name not in taken and not os.path.lexists(folder / name):
            return folder / name
        number += 1


def deck_text(table: dict[str, Any], package: str, notes: Iterable[str] = ()) -> str:
    """A deck file's text: the provenance header, then the table, checked to read back, then
    the texts of further notes (`note_text`)."""
    text = rtoml.dumps(table, pretty=True)
    if rtoml.loads(text) != table:  # pragma: no cover - a guard against a writer quirk
        text = rtoml.dumps(table)
    return "\n".join([HEADER.format(package=shown(package)) + text, *notes])


def note_text(body: dict[str, Any]) -> str:
    """One note as a deck file holds it, `[[notes]]` and its tables: what `rtoml` writes for
    it within the whole deck. Raises ValueError if it would not read back the same."""
    table = {"notes": [body]}
    text = rtoml.dumps(table, pretty=True)
    if rtoml.loads(text) != table:  # pragma: no cover - a guard against a writer quirk
        raise ValueError("its text does not read back as written")
    return text


def temporary_name(path: Path) -> Path:
    """A name beside `path` for its new content, marked with this process's id."""
    return path.with_name(f".{path.name}.{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def write_whole(path: Path, data: bytes | IO[bytes] | Iterator[bytes], *, replace: bool) -> None:
    """Write `data` (bytes, a stream to copy or chunks) at `path` whole or not at all.

    With `replace` the old file is renamed over; without, `path` must not exist, and a file
    that appeared there since is left alone (FileExistsError). The content is written before
    it has any name (`cards.anki.unnamed_files`); a file replacing another has a temporary
    name only for the moment between its link and the rename.
    """
    with unnamed_file(path.parent, temporary_name(path)) as (out, link):
        if isinstance(data, bytes):
            out.write(data)
        elif hasattr(data, "read"):  # a stream (streams iterate by lines, or not at all)
            while chunk := data.read(1 << 20):
                out.write(chunk)
        else:
            for chunk in data:
                out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
        if not replace:
            link(path)
            return
        temporary = temporary_name(path)
        link(temporary)
        try:
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


def remove_leftovers(folders: Iterable[Path]) -> None:
    """Remove what killed imports left: temporary files in `folders` and unpacked packages in
    the system's temporary folder, each only once the process that made it is gone."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_FILE.match(entry.name)
            if match and not _alive(int(match.group(1))):
                Path(entry.path).unlink(missing_ok=True)
    temporary = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(temporary))
    except OSError:
        return
    for entry in entries:
        match = _TEMP_FOLDER.match(entry.name)
        if not match or _alive(int(match.group(1))):
            continue
        if entry.is_dir(follow_symlinks=False):
            import shutil

            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True

"""Reading Anki packages with Anki's own library, the optional `anki` extra.

Anki has changed its package format several times (`collection.anki2`, `collection.anki21`, and
the zstd-compressed `collection.anki21b` with protobuf note types and media map), so the package
is imported by Anki itself into a throwaway collection in a temporary folder, with its learning
progress, and read back from there: the due days are then relative to that collection's today.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cards.anki.import_files import TEMP_PREFIX, shown
from cards.anki.package_size import check_expanded_size
from cards.errors import FlywheelError
from cards.schedule.card_schedules import AnkiAnswer

INSTALL_HINT = (
    "reading Anki packages needs Anki's library: install Flywheel with its anki extra "
    "(pip install 'flywheel-cards[anki]', or uv tool install 'flywheel-cards[anki]')"
)
COLLECTION_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")


@dataclass(slots=True)
class AnkiCard:
    """One card with its schedule; `due_in` is days from today for review cards."""

    ordinal: int
    type: int
    queue: int
    due_in: int
    interval: int
    factor: int
    reps: int
    lapses: int
    answers: list[AnkiAnswer] = field(default_factory=list)


@dataclass(slots=True)
class AnkiNote:
    """One note, its note type and its cards."""

    guid: str
    deck: str
    notetype: str
    stock_kind: int | None
    """Anki's stock kind plus one (1 Basic, 2 Basic and reversed, 5 Cloze), None if unknown."""
    cloze: bool
    templates: int
    field_names: list[str]
    fields: list[str]
    tags: list[str]
    cards: list[AnkiCard] = field(default_factory=list)
    notetype_id: int = 0


@dataclass(slots=True)
class AnkiPackage:
    """What a package held, read while its temporary collection is open."""

    guids: set[str]
    notes: Iterable[AnkiNote]
    """Read from the collection as they are iterated, once, so a large package is never held
    whole in memory."""
    media: Path
    """The folder holding the package's media files."""
    problems: list[str] = field(default_factory=list)
    """Rows left out or read as new, counted once `notes` has been read, for warnings."""
    notetypes: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Anki's note types by id, as `collection.models` gives them."""
    clock_day: date | None = None
    """The calendar day of Anki's today (the clock's study day), from which `AnkiCard.due_in`
    counts; None: the study day the import is given."""


def load_anki() -> Any:
    """The `anki` module, or a one-line error saying how to install it."""
    try:
        import anki.collection
    except ImportError:
        raise FlywheelError(INSTALL_HINT) from None
    return anki.collection


def check_package(path: Path) -> None:
    """Refuse what is not an Anki package before Anki is asked to read it."""
    if not path.is_file():
        raise FlywheelError(f"{shown(str(path))}: no such file")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if names & set(COLLECTION_MEMBERS):
                check_expanded_size(archive, path.stat().st_size, shown(str(path)))
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        zlib.error,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise FlywheelError(
            f"{shown(str(path))}: not an Anki package (not a zip archive: {error})"
        ) from None
    if not names & set(COLLECTION_MEMBERS):
        raise FlywheelError(f"{shown(str(path))}: not an Anki package (no collection inside)")


@contextmanager
def open_package(path: Path) -> Iterator[AnkiPackage]:
    """The notes, cards and review log of the package at `path` (.apkg or .colpkg)."""
    check_package(path)
    anki_collection = load_anki()
    # Named after this process, so the next import can remove what a killed one left.
    prefix = f"{TEMP_PREFIX}{os.getpid()}-"
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        collection_path = Path(folder) / "collection.anki2"
        try:
            collection = _import(anki_collection, _utf8_path(path, Path(folder)), collection_path)
        except Exception as error:  # Anki reports every kind of bad input as its own error
            raise FlywheelError(
                f"{shown(str(path))}: Anki cannot read this package: {_reason(error)}"
            ) from None
        try:
            from cards.anki.import_rows import PackageRows

            rows = PackageRows(collection, collection_path)
            try:
                media = Path(collection.media.dir())
                notetypes = rows.notetypes
                yield AnkiPackage(
                    rows.guids(), rows.notes(), media, rows.problems, notetypes, rows.clock_day
                )
            finally:
                rows.close()
        finally:
            collection.close()


def _utf8_path(path: Path, folder: Path) -> Path:
    """`path`, or a link to it in `folder` when its name is not UTF-8 (Anki takes only text)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        alias = folder / f"package{path.suffix.encode('utf-8', 'replace').decode()}"
        try:
            os.link(path, alias)
        except OSError:
            import shutil

            shutil.copyfile(path, alias)
        return alias
    return path


def _reason(error: Exception) -> str:
    """Anki's complaint in one line; a damaged database in words rather than Rust's."""
    if type(error).__name__ == "DBError":
        return "the collection inside is damaged (not a database Anki can open)"
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _import(anki_collection: Any, path: Path, collection_path: Path) -> Any:
    """A new collection holding the package, imported with its learning progress."""
    if path.suffix.lower() == ".colpkg":
        from anki._backend import RustBackend

        collection_path.with_suffix(".media").mkdir()
        RustBackend().import_collection_package(
            col_path=str(collection_path),
            backup_path=str(path),  # the package to restore
            media_folder=str(collection_path.with_suffix(".media")),
            media_db=str(collection_path.with_suffix(".mdb")),
        )
        return anki_collection.Collection(str(collection_path))
    collection = anki_collection.Collection(str(collection_path))
    try:
        options = anki_collection.ImportAnkiPackageOptions(
            merge_notetypes=False, with_scheduling=True, with_deck_configs=False
        )
        request = anki_collection.ImportAnkiPackageRequest(package_path=str(path), options=options)
        collection.import_anki_package(request)
    except BaseException:
        collection.close()
        raise
    return collection

"""Reading Anki packages: their notes, cards and review log, as a stream.

Anki has changed its package format several times (`collection.anki2`, `collection.anki21`, and
the zstd-compressed `collection.anki21b` with protobuf note types and media map). The package's
collection is unpacked where nothing can outlive the process (`cards.anki.package_unpack`) and
read with SQLite a note at a time (`cards.anki.import_rows`), so memory stays flat however large
the package; Anki's library is needed for the protobuf parts of current packages only. Due days
come relative to the package's own day count at the time of reading.
"""

from __future__ import annotations

import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cards.anki.import_files import shown
from cards.anki.package_size import check_expanded_size
from cards.anki.package_unpack import COLLECTION_MEMBERS, PackageMedia
from cards.errors import FlywheelError
from cards.plural import counted
from cards.schedule.card_schedules import AnkiAnswer

INSTALL_HINT = (
    "reading Anki packages needs Anki's library: install Flywheel with its anki extra "
    "(pip install 'flywheel-cards[anki]', or uv tool install 'flywheel-cards[anki]')"
)


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
    anki_id: int = 0


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

    guids: Callable[[], set[str]]
    """Every note's GUID, read anew when asked."""
    notes: Iterable[AnkiNote]
    """Read from the collection as they are iterated, once, so a large package is never held
    whole in memory."""
    media: PackageMedia
    """The package's media files, by name."""
    problems: list[str] = field(default_factory=list)
    """Rows left out or read as new, counted once `notes` has been read, for warnings."""
    notetypes: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Anki's note types by id, as `collection.models` gives them."""
    clock_day: date | None = None
    """The calendar day of the package's today (the clock's study day), from which
    `AnkiCard.due_in` counts; None: the study day the import is given."""
    history: Callable[[], Iterator[tuple[int, AnkiAnswer]]] = lambda: iter(())
    """The review log read anew, as (Anki card id, answer), for storing as history."""


def require_anki() -> None:
    """A one-line error saying how to install Anki's library when it is missing. Only its
    protobuf messages (for current packages) are used, and loaded only when a package needs
    them: the library's collection and its Rust backend are never started."""
    try:
        import anki  # noqa: F401 - zstandard, which it brings, is asked for where used
    except ImportError:
        raise FlywheelError(INSTALL_HINT) from None


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
    require_anki()
    from cards.anki.import_rows import PackageRows
    from cards.anki.package_unpack import damage_errors, package_media, unpacked_collection

    name = shown(str(path))
    damaged_package: tuple[type[Exception], ...] = (*damage_errors(), RuntimeError, ValueError)
    with ExitStack() as stack:
        try:
            archive = stack.enter_context(zipfile.ZipFile(path))
            media, unlisted = package_media(archive)
            db = stack.enter_context(unpacked_collection(archive))
            rows = PackageRows(db, datetime.now().astimezone(), name)
        except sqlite3.DatabaseError as error:
            raise FlywheelError(f"{name}: {damaged(error)}") from None
        except damaged_package as error:
            raise FlywheelError(f"{name}: the package is damaged ({error})") from None
        except OSError as error:
            raise FlywheelError(f"{name}: cannot read it: {error.strerror or error}") from None
        if unlisted:
            rows.problems.append(
                f"{counted(len(unlisted), 'media file')} listed but not in the package"
            )
        yield AnkiPackage(
            rows.guids,
            rows.notes(),
            media,
            rows.problems,
            rows.notetypes,
            clock_day=rows.clock_day,
            history=rows.answers,
        )


def damaged(error: Exception) -> str:
    """What a collection that SQLite cannot read is, in one line."""
    text = str(error).strip().splitlines()
    reason = text[0] if text else type(error).__name__
    return f"the collection inside is damaged (not a database Anki can open: {reason})"

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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cards.card_schedules import AnkiAnswer
from cards.errors import FlywheelError
from cards.import_files import TEMP_PREFIX, shown
from cards.package_size import check_expanded_size
from cards.plural import counted

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


@dataclass(slots=True)
class AnkiPackage:
    """What a package held, read while its temporary collection is open."""

    notes: list[AnkiNote]
    media: Path
    """The folder holding the package's media files."""
    problems: list[str] = field(default_factory=list)
    """Rows left out or read as new, counted, for warnings."""


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
            notes, problems = _notes(collection)
            yield AnkiPackage(notes, Path(collection.media.dir()), problems)
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


def _notes(collection: Any) -> tuple[list[AnkiNote], list[str]]:
    """The notes with their cards and answers; rows a damaged or crafted collection holds (a
    card without its note, a note without its note type, a due day that is not a number) are
    left out or read as new, and counted in the problems."""
    today = collection.sched.today
    notetypes = {nt["id"]: nt for nt in collection.models.all()}
    decks = {deck["id"]: deck["name"] for deck in collection.decks.all()}
    notes: dict[int, AnkiNote] = {}
    untyped: set[int] = set()
    orphans = unreadable = bad_answers = 0
    for nid, guid, mid, tags, fields in collection.db.execute(
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
    ):
        notetype = notetypes.get(mid)
        if notetype is None:
            untyped.add(nid)
            continue
        notes[nid] = AnkiNote(
            guid=_text(guid),
            deck="",
            notetype=_text(notetype.get("name")),
            stock_kind=notetype.get("originalStockKind"),
            cloze=notetype.get("type") == 1,
            templates=len(notetype.get("tmpls") or []),
            field_names=[_text(field.get("name")) for field in notetype.get("flds") or []],
            fields=_text(fields).split("\x1f"),
            tags=_text(tags).split(),
        )
    cards: dict[int, AnkiCard] = {}
    for row in collection.db.execute(
        "SELECT id, nid, did, odid, ord, type, queue, due, odue, ivl, factor, reps, lapses "
        "FROM cards ORDER BY nid, ord"
    ):
        cid, nid, did, odid, ordinal, ctype, queue, due, odue, *figures = row
        note = notes.get(nid)
        if note is None:
            orphans += nid not in untyped
            continue
        if not _whole(ordinal):
            unreadable += 1
            continue
        note.deck = note.deck or _text(decks.get(odid or did, "Default"))
        day = odue if odid else due
        if not all(_whole(value) for value in (ctype, queue, day, *figures)):
            unreadable += 1  # comes in new: its schedule cannot be read
            ctype, queue, day, figures = 0, 0, today, [0, 0, 0, 0]
        card = AnkiCard(ordinal, ctype, queue, day - today, *figures)
        note.cards.append(card)
        cards[cid] = card
    for cid, *figures in collection.db.execute(
        "SELECT cid, id, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY cid, id"
    ):
        if cid not in cards:
            continue
        if all(_whole(value) for value in figures):
            cards[cid].answers.append(AnkiAnswer(*figures))
        else:
            bad_answers += 1
    problems = _problems(len(untyped), orphans, unreadable, bad_answers)
    return [note for note in notes.values() if note.cards], problems


def _problems(untyped: int, orphans: int, unreadable: int, bad_answers: int) -> list[str]:
    problems = []
    if untyped:
        problems.append(f"{counted(untyped, 'note')} left out: no note type")
    if orphans:
        problems.append(f"{counted(orphans, 'card')} left out: no note")
    if unreadable:
        problems.append(
            f"{counted(unreadable, 'card')} with a schedule that is not numbers, read as new"
        )
    if bad_answers:
        problems.append(f"{counted(bad_answers, 'past answer')} that is not numbers left out")
    return problems


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> str:
    """A column read as text, whatever a crafted collection stored in it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, list) and all(_whole(item) and 0 <= item < 256 for item in value):
        return bytes(value).decode("utf-8", "replace")  # Anki hands BLOBs over as lists
    return "" if value is None else str(value)

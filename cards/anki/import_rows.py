"""The rows of the package's collection, read as a stream: a note at a time with its cards and
their answers, never the whole package in memory.

The tables are read with SQLite directly, in note order: notes, cards (by note) and answers (by
the card's note) walk side by side. Rows a damaged or crafted
collection holds (a card without its note, a note without its note type, a due day that is not
a number, a column of the wrong type) are left out or read as new, and counted in `problems`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from cards.anki import package_schema
from cards.anki.import_reader import AnkiCard, AnkiNote
from cards.errors import FlywheelError
from cards.plural import counted
from cards.schedule.card_schedules import AnkiAnswer
from cards.schedule.study_day import study_day

_CARDS = (
    "SELECT id, nid, did, odid, ord, type, queue, due, odue, ivl, factor, reps, lapses "
    "FROM cards ORDER BY nid, ord, id"
)
_FIGURES = ("id", "ease", "ivl", "lastIvl", "factor", "time", "type")
_WHOLE = " AND ".join(f"typeof(r.{name}) = 'integer'" for name in _FIGURES)
"""Whether every figure of an answer is a whole number, asked of SQLite rather than Python."""
_ANSWERS = (
    f"SELECT r.cid, c.nid, {_WHOLE}, r.id, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type "
    "FROM revlog r JOIN cards c ON c.id = r.cid ORDER BY c.nid, r.cid, r.id"
)
_LOG = (
    "SELECT r.cid, r.id, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type "
    f"FROM revlog r WHERE {_WHOLE}"
)


class PackageRows:
    """The notes of the package's collection `db`, read once, in Anki's note order; due days
    relative to the collection's day at `now`. `name` is the package as messages show it.

    Raises:
        sqlite3.DatabaseError: The collection is not one (the caller says so).
    """

    def __init__(self, db: sqlite3.Connection, now: datetime, name: str) -> None:
        version = package_schema.schema_version(db)
        self._db = db
        self._name = name
        self._today = package_schema.days_elapsed(db, version, now)
        self.clock_day: date = study_day(now, package_schema.rollover_hour(db, version))
        """The calendar day the collection's today stands for: due days are counted from it."""
        self.notetypes = package_schema.notetypes(db, version)
        self._decks = package_schema.deck_names(db, version)
        self.problems: list[str] = []
        self._unreadable = 0

    def guids(self) -> set[str]:
        """Every note's GUID (read when asked, and not kept: a large package has many)."""
        try:
            return {_text(guid) for (guid,) in self._db.execute("SELECT guid FROM notes")}
        except sqlite3.DatabaseError as error:
            from cards.anki.import_reader import damaged

            raise FlywheelError(f"{self._name}: {damaged(error)}") from None

    def answers(self) -> Iterator[tuple[int, AnkiAnswer]]:
        """Every answer of the log whose figures are numbers, as (Anki card id, answer)."""
        try:
            for cid, *figures in self._db.execute(_LOG):
                yield cid, AnkiAnswer(*figures)
        except sqlite3.DatabaseError as error:
            from cards.anki.import_reader import damaged

            raise FlywheelError(f"{self._name}: {damaged(error)}") from None

    def notes(self) -> Iterator[AnkiNote]:
        """Each note with its cards; a collection that turns out damaged midway says so."""
        try:
            yield from self._notes()
        except sqlite3.DatabaseError as error:
            from cards.anki.import_reader import damaged

            raise FlywheelError(f"{self._name}: {damaged(error)}") from None

    def _notes(self) -> Iterator[AnkiNote]:
        untyped = orphans = unreadable = bad_answers = 0
        self._unreadable = 0
        cards = _Peeking(self._db.execute(_CARDS))
        answers = _Peeking(self._db.execute(_ANSWERS))
        for nid, guid, mid, tags, fields in self._db.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        ):
            if not _whole(nid):
                break  # ids that are not numbers sort last: their cards are counted below
            orphans += cards.skip_before(nid)
            answers.skip_before(nid)
            notetype = self.notetypes.get(mid)
            note_cards = cards.take(nid)
            note_answers = answers.take(nid)
            if notetype is None:
                untyped += 1
                continue
            note = _note(notetype, guid, tags, fields)
            note.notetype_id = mid
            by_id: dict[int, AnkiCard] = {}
            for row in note_cards:
                card = self._card(note, row)
                if card is None:
                    orphans += 1
                    continue
                note.cards.append(card)
                by_id[row[0]] = card
            for cid, _, whole, *figures in note_answers:
                if cid not in by_id:
                    continue
                if whole:
                    by_id[cid].answers.append(AnkiAnswer(*figures))
                else:
                    bad_answers += 1
            if note.cards:
                yield note
        orphans += cards.skip_before(None)
        unreadable += self._unreadable
        self.problems.extend(_problems(untyped, orphans, unreadable, bad_answers))

    def _card(self, note: AnkiNote, row: tuple[Any, ...]) -> AnkiCard | None:
        """One card; None for one whose ordinal is not a number. A schedule that is not
        numbers is read as a new card's, and counted."""
        _, _, did, odid, ordinal, ctype, queue, due, odue, *figures = row
        if not _whole(ordinal):
            return None
        note.deck = note.deck or _text(self._decks.get(odid or did, "Default"))
        day = odue if odid else due
        if not all(_whole(value) for value in (ctype, queue, day, *figures)):
            self._unreadable += 1
            ctype, queue, day, figures = 0, 0, self._today, [0, 0, 0, 0]
        card = AnkiCard(ordinal, ctype, queue, day - self._today, *figures)
        card.anki_id = row[0]
        return card


def _note(notetype: dict[str, Any], guid: object, tags: object, fields: object) -> AnkiNote:
    return AnkiNote(
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


class _Peeking:
    """Rows ordered by note id (their second column), taken a note at a time."""

    def __init__(self, rows: sqlite3.Cursor) -> None:
        self._rows = rows
        self._next: tuple[Any, ...] | None = next(rows, None)

    def skip_before(self, nid: int | None) -> int:
        """Pass over rows of notes before `nid` (all of them for None); how many."""
        skipped = 0
        while self._next is not None and (nid is None or _before(self._next[1], nid)):
            skipped += 1
            self._next = next(self._rows, None)
        return skipped

    def take(self, nid: int) -> list[tuple[Any, ...]]:
        taken = []
        while self._next is not None and self._next[1] == nid:
            taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _before(value: object, nid: int) -> bool:
    """SQLite's order: numbers before text and blobs, so a note id that is not a number sorts
    after every note and its rows are orphans."""
    return isinstance(value, int) and value < nid


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
    return "" if value is None else str(value)

"""Flywheel's side of the exchange: which answers have an Anki review-log id, and each note's
fields as last written to Anki.

Every function takes the store's writer connection; the store calls them inside its
transactions (`cards.store.anki_exchange`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cards.schedule.card_schedules import AnkiAnswer, CardSchedule, flywheel_answer
from cards.schedule.sm2 import SM2State
from cards.store.stored import stored_day


@dataclass(frozen=True, slots=True)
class OutgoingAnswer:
    """An answer Flywheel has, under the review-log id it has (or will have) in Anki."""

    revlog_id: int
    card_id: str
    answer: AnkiAnswer


@dataclass(frozen=True, slots=True)
class UnmappedAnswer:
    """An answer of Flywheel's log that has no Anki review-log id yet."""

    review_id: int
    card_id: str
    answer: AnkiAnswer


_ANSWER_COLUMNS = (
    "r.answered_at, r.grade, r.drill, r.was_new, r.interval_before, r.interval_after, "
    "r.easiness_after, r.seconds"
)


def unmapped_answers(db: sqlite3.Connection) -> list[UnmappedAnswer]:
    """Flywheel's answers not yet given an Anki id, oldest first."""
    rows = db.execute(
        f"SELECT r.id, r.card_id, {_ANSWER_COLUMNS} FROM review_log r "
        "WHERE NOT EXISTS (SELECT 1 FROM anki_revlog a WHERE a.review_id = r.id) ORDER BY r.id"
    )
    return [UnmappedAnswer(row[0], row[1], flywheel_answer(*row[2:])) for row in rows]


def outgoing_answers(db: sqlite3.Connection, present: set[int]) -> list[OutgoingAnswer]:
    """Every answer Anki should hold and lacks (its id not in `present`): Flywheel's log under
    its ids, and the history a card brought from an Anki package under the ids it had there."""
    answers = [
        OutgoingAnswer(row[0], row[1], flywheel_answer(*row[2:]))
        for row in db.execute(
            f"SELECT a.revlog_id, r.card_id, {_ANSWER_COLUMNS} FROM anki_revlog a "
            "JOIN review_log r ON r.id = a.review_id"
        )
        if row[0] not in present
    ]
    answers += [
        OutgoingAnswer(row[0], row[1], AnkiAnswer(row[0], *row[2:]))
        for row in db.execute(
            "SELECT anki_id, card_id, button, interval, last_interval, factor, time_ms, kind "
            "FROM imported_review"
        )
        if row[0] not in present
    ]
    return answers


def taken_revlog_ids(db: sqlite3.Connection) -> set[int]:
    """Anki ids Flywheel already accounts for: its own answers', those it took, imported ones."""
    ids = {row[0] for row in db.execute("SELECT revlog_id FROM anki_revlog")}
    ids.update(row[0] for row in db.execute("SELECT anki_id FROM imported_review"))
    return ids


def map_answers(db: sqlite3.Connection, rows: Iterable[tuple[int, str, int | None, bool]]) -> None:
    """Record `(revlog id, card id, review id, pulled)` for each answer."""
    db.executemany(
        "INSERT OR IGNORE INTO anki_revlog (revlog_id, card_id, review_id, pulled) "
        "VALUES (?, ?, ?, ?)",
        rows,
    )


def card_schedules(db: sqlite3.Connection) -> dict[str, CardSchedule]:
    """Each card's stored schedule (answers not read), by card id."""
    schedules: dict[str, CardSchedule] = {}
    for card_id, reps, easiness, interval, due, reviews, lapses, suspended, buried in db.execute(
        "SELECT id, repetitions, easiness_pct, interval, due, reviews, lapses, suspended, "
        "buried_until FROM card WHERE active = 1"
    ):
        due_day = None if due is None else stored_day(due, "due")
        state = SM2State(reps, easiness, interval, due_day)
        buried_day = None if buried is None else stored_day(buried, "buried_until")
        schedules[card_id] = CardSchedule(state, reviews, lapses, bool(suspended), buried_day)
    return schedules


RENDERING = "1"
"""Part of every source digest: bump when the fields Flywheel writes for the same note change
(the HTML, the citation), so every note is written again."""


def note_digests(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """By GUID: the digest of each note's fields as last written to Anki, and of its source."""
    return {
        guid: (fields, source)
        for guid, fields, source in db.execute("SELECT guid, fields_sha, source_sha FROM anki_note")
    }


def note_sources(db: sqlite3.Connection) -> dict[str, str]:
    """By note id: a digest of what its Anki fields are made from (the note as stored, and its
    deck file's source document)."""
    import hashlib

    return {
        note_id: hashlib.sha256(f"{RENDERING}\n{body}\n{source}".encode()).hexdigest()
        for note_id, body, source in db.execute(
            "SELECT n.id, n.body, f.source FROM note n LEFT JOIN deck_file f ON f.path = n.file "
            "WHERE n.active = 1"
        )
    }


def remember_note_digests(db: sqlite3.Connection, digests: Mapping[str, tuple[str, str]]) -> None:
    db.executemany(
        "INSERT INTO anki_note (guid, fields_sha, source_sha) VALUES (?, ?, ?) "
        "ON CONFLICT (guid) DO UPDATE SET fields_sha = excluded.fields_sha, "
        "source_sha = excluded.source_sha",
        [(guid, fields, source) for guid, (fields, source) in digests.items()],
    )


@dataclass(frozen=True)
class AnkiInbox:
    """What a sync needs to tell the mirror's answers apart."""

    unmapped: list[UnmappedAnswer]
    taken: set[int]
    """Anki review-log ids Flywheel accounts for (the others are answers to take in)."""


@dataclass(frozen=True)
class AnkiOutbox:
    """Everything of Flywheel's that a sync writes into the mirror collection."""

    schedules: dict[str, CardSchedule]
    answers: list[OutgoingAnswer]
    """The answers the mirror lacks."""
    note_digests: dict[str, tuple[str, str]]
    """By GUID: the digests of each note's fields as last written to Anki and of its source."""
    note_sources: dict[str, str]
    """By note id: the digest of each note's source now."""

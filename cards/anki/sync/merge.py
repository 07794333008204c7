"""Answers given on another device, merged into Flywheel's review log in time order.

Each answer becomes a row of the log like one given here, so `stats` counts it and
`flywheel doctor` replays it. A card's log stays in time order by id (the order doctor replays
in): when an answer from Anki is older than rows the card already has, those rows are written
again after it, under new ids, with their actions and Anki ids following them. The first answer
of a study day schedules the card; later ones that day are drills, as in Flywheel's own queue.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from cards.anki.sync.ledger import map_answers
from cards.schedule import sm2
from cards.schedule.answering import Schedule, apply_answer, next_schedule
from cards.store.rows import sm2_columns, write_schedule
from cards.store.stored import stored_day, stored_moment


@dataclass(frozen=True, slots=True)
class PulledAnswer:
    """An answer from Anki's review log, as Flywheel will log it."""

    revlog_id: int
    card_id: str
    grade: int
    at: datetime
    """When it was given (aware)."""
    day: date
    seconds: float | None


@dataclass(frozen=True, slots=True)
class _Row:
    """One answer of the card's merged log: an existing row (`old_id`) or a pulled answer."""

    at: datetime
    day: date
    grade: int
    drill: bool
    was_new: bool
    made_leech: bool
    seconds: float | None
    old_id: int | None = None
    revlog_id: int | None = None


def merge_pulled(
    db: sqlite3.Connection, pulled: Sequence[PulledAnswer], leech_threshold: int | None
) -> None:
    """Log `pulled` (answers on cards Flywheel has) and reschedule their cards; call inside a
    write transaction."""
    by_card: dict[str, list[PulledAnswer]] = {}
    for answer in pulled:
        by_card.setdefault(answer.card_id, []).append(answer)
    for card_id, answers in by_card.items():
        answers.sort(key=lambda answer: (answer.at, answer.revlog_id))
        _merge_card(db, card_id, answers, leech_threshold)


def _merge_card(
    db: sqlite3.Connection,
    card_id: str,
    answers: list[PulledAnswer],
    leech_threshold: int | None,
) -> None:
    existing = [
        _Row(
            stored_moment(at),
            stored_day(day),
            grade,
            bool(drill),
            bool(was_new),
            bool(leech),
            seconds,
            old_id,
        )
        for old_id, at, day, grade, drill, was_new, leech, seconds in db.execute(
            "SELECT id, answered_at, day, grade, drill, was_new, made_leech, seconds "
            "FROM review_log WHERE card_id = ? ORDER BY id",
            (card_id,),
        )
    ]
    first = answers[0].at
    split = next((i for i, row in enumerate(existing) if row.at > first), len(existing))
    new_rows = [
        _Row(a.at, a.day, a.grade, False, False, False, a.seconds, revlog_id=a.revlog_id)
        for a in answers
    ]
    segment = sorted(existing[split:] + new_rows, key=lambda row: row.at)
    schedule = _starting_schedule(db, card_id)
    days = set()
    for row in existing[:split]:
        if not row.drill:
            schedule = _replayed(schedule, row)
        days.add(row.day)
    suspend = False
    for row in segment:
        before = schedule
        drill = row.day in days
        days.add(row.day)
        if row.old_id is None:
            made_leech = False
            if not drill:
                _, entry = apply_answer(
                    card_id,
                    before,
                    row.grade,
                    row.day,
                    row.at,
                    drill=False,
                    leech_threshold=leech_threshold,
                )
                made_leech = entry.made_leech
            row = replace(row, drill=drill, was_new=before.reviews == 0, made_leech=made_leech)
            suspend = suspend or made_leech
        else:
            row = replace(row, drill=drill, made_leech=row.made_leech and not drill)
        if not row.drill:
            schedule = _replayed(schedule, row)
        new_id = _insert(db, card_id, row, before.sm2, schedule.sm2)
        if row.old_id is not None:
            _move(db, row.old_id, new_id)
        else:
            assert row.revlog_id is not None
            map_answers(db, [(row.revlog_id, card_id, new_id, True)])
    write_schedule(db, card_id, schedule, suspend=suspend)


def _starting_schedule(db: sqlite3.Connection, card_id: str) -> Schedule:
    """Where the card's replay starts: where it stood on import from Anki, or new."""
    row = db.execute(
        "SELECT repetitions, easiness_pct, interval, due, reviews, lapses FROM imported_state "
        "WHERE card_id = ?",
        (card_id,),
    ).fetchone()
    if row is None:
        return Schedule(sm2.SM2State())
    due = None if row[3] is None else stored_day(row[3], "due")
    return Schedule(sm2.SM2State(row[0], row[1], row[2], due), row[4], row[5])


def _replayed(schedule: Schedule, row: _Row) -> Schedule:
    """The schedule after one scheduling answer, as `cards.store.doctor` replays it."""
    after = next_schedule(schedule, row.grade, row.day)
    return replace(after, leech=schedule.leech or row.made_leech)


def _insert(
    db: sqlite3.Connection, card_id: str, row: _Row, before: sm2.SM2State, after: sm2.SM2State
) -> int:
    cursor = db.execute(
        "INSERT INTO review_log (card_id, answered_at, day, grade, drill, was_new, "
        "repetitions_before, easiness_before, interval_before, due_before, "
        "repetitions_after, easiness_after, interval_after, due_after, made_leech, "
        "seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            card_id,
            row.at.isoformat(timespec="milliseconds"),
            row.day.isoformat(),
            row.grade,
            row.drill,
            row.was_new,
            *sm2_columns(before),
            *sm2_columns(after if not row.drill else before),
            row.made_leech,
            row.seconds,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _move(db: sqlite3.Connection, old_id: int, new_id: int) -> None:
    """A row written again later in the log: its action and Anki id follow it."""
    db.execute("UPDATE action SET review_id = ? WHERE review_id = ?", (new_id, old_id))
    db.execute("UPDATE anki_revlog SET review_id = ? WHERE review_id = ?", (new_id, old_id))
    db.execute("DELETE FROM review_log WHERE id = ?", (old_id,))

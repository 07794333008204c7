"""Schedules written into a package's collection: review cards, their due days and the review log.

Anki counts a review card's due day from its collection's creation (`col.crt`), and on import
shifts it by the difference between the package's day count and its own, both taken by the clock
at import time. So the package's creation is set to a study-day boundary (the rollover hour, local
time) a whole number of days before the clock's study day (and before every due date), and each
due date becomes its distance from that day: Anki then shows the card due on the same day as
Flywheel does, also when `--today` names another day than the clock's. The package declares
Anki's version 2 scheduler with Flywheel's rollover hour, so Anki counts its days from `crt`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cards.decks.models import Note
from cards.decks.vocabulary import NoteKind
from cards.schedule.card_schedules import CardSchedule
from cards.schedule.card_states import is_buried
from cards.schedule.study_day import study_day

# Anki's card types and queues (rslib/src/card/mod.rs).
REVIEW_TYPE = 2
REVIEW_QUEUE = 2
SUSPENDED_QUEUE = -1
BURIED_QUEUE = -3  # buried by the user; Anki unburies at its next day, as Flywheel does
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class Schedules:
    """What an export needs to carry schedules: each card's, and the day they are relative to."""

    cards: Mapping[str, CardSchedule]
    today: date
    rollover_hour: int = 4
    clock_day: date | None = None
    """The clock's study day, from which Anki counts days on import (None: read the clock)."""


def collection_start(clock_day: date, rollover_hour: int, earliest: date) -> tuple[int, date]:
    """`col.crt` for the package and the day it stands for: a rollover a whole number of days
    before `clock_day` (Anki's day count must not be negative) and before every due date."""
    start = min(clock_day, earliest) - timedelta(days=1)
    clock_boundary = datetime.combine(clock_day, time(rollover_hour)).astimezone()
    crt = int(clock_boundary.timestamp()) - (clock_day - start).days * DAY_SECONDS
    return crt, start


def anki_template(note: Note, ordinal: int) -> str | None:
    """The Flywheel template of the note's Anki card number `ordinal` (`cards.anki.note_types`);
    None for a card of an Anki note type with more templates than Flywheel makes."""
    if note.kind is NoteKind.CLOZE:
        return f"c{ordinal + 1}"
    templates = note.templates()
    return templates[ordinal] if ordinal < len(templates) else None


def write_schedules(
    cursor: sqlite3.Cursor, notes_by_guid: Mapping[str, Note], schedules: Schedules
) -> int:
    """Give the package's cards their Flywheel schedules and log; returns how many were reviewed."""
    today = schedules.today
    placed: list[tuple[int, CardSchedule]] = []
    for guid, card, ordinal in cursor.execute(
        "SELECT n.guid, c.id, c.ord FROM cards c JOIN notes n ON n.id = c.nid"
    ).fetchall():
        note = notes_by_guid[guid]
        template = anki_template(note, ordinal)
        schedule = None if template is None else schedules.cards.get(f"{note.id}#{template}")
        if schedule is not None:
            placed.append((card, schedule))
    if not placed:
        return 0
    dues = [s.state.due for _, s in placed if s.reviews and s.state.due is not None]
    clock_day = schedules.clock_day or study_day(
        datetime.now().astimezone(), schedules.rollover_hour
    )
    crt, start = collection_start(clock_day, schedules.rollover_hour, min(dues, default=today))
    (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
    # Scheduler version 2: with genanki's default (none, read as version 1) Anki renumbers the
    # buttons of learning answers on import, as it does when upgrading an old collection.
    conf = json.dumps({**json.loads(conf), "schedVer": 2, "rollover": schedules.rollover_hour})
    cursor.execute("UPDATE col SET crt = ?, conf = ?", (crt, conf))
    reviewed = sum(_write_card(cursor, card, schedule, today, start) for card, schedule in placed)
    _write_log(cursor, placed)
    return reviewed


def _write_card(
    cursor: sqlite3.Cursor, card: int, schedule: CardSchedule, today: date, start: date
) -> int:
    """Turn one card into an Anki review card (or only suspend it); 1 if it became one."""
    queue = anki_queue(schedule, today)
    state = schedule.state
    if not schedule.reviews or state.due is None:
        if queue != REVIEW_QUEUE:
            cursor.execute("UPDATE cards SET queue = ? WHERE id = ?", (queue, card))
        return 0
    cursor.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ? "
        "WHERE id = ?",
        (
            REVIEW_TYPE,
            queue,
            (state.due - start).days,
            max(state.interval, 1),
            state.easiness_pct * 10,
            schedule.reviews,
            schedule.lapses,
            card,
        ),
    )
    return 1


def anki_queue(schedule: CardSchedule, today: date) -> int:
    """Anki's queue for a card Flywheel has: suspended, buried until a later day, or in play."""
    if schedule.suspended:
        return SUSPENDED_QUEUE
    if is_buried(schedule.buried_until, today):
        return BURIED_QUEUE
    return REVIEW_QUEUE


def _write_log(cursor: sqlite3.Cursor, placed: list[tuple[int, CardSchedule]]) -> None:
    """Every answer as a revlog row. Anki's revlog id is the answer's time in ms and must be
    unique, so answers are taken in time order and a tie moves one ms past the previous one."""
    answers = sorted(
        ((answer.at_ms, card, answer) for card, schedule in placed for answer in schedule.answers),
        key=lambda item: (item[0], item[1]),
    )
    rows: list[tuple[int, ...]] = []
    previous = -1
    for at_ms, card, answer in answers:
        previous = max(at_ms, previous + 1)
        rows.append(
            (
                previous,
                card,
                -1,
                answer.button,
                answer.interval,
                answer.last_interval,
                answer.factor,
                answer.time_ms,
                answer.kind,
            )
        )
    cursor.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

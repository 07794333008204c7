"""Each card's schedule and answers as stored, read for an export that carries them to Anki.

Two kinds of answer are read: Flywheel's own (`review_log`, graded 0-5) and those a card brought
from Anki when it was imported (`imported_review`, Anki's buttons and figures, kept as they were).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from cards.schedule.sm2 import SM2State
from cards.store.stored import stored_day, stored_moment


@dataclass(frozen=True, slots=True)
class AnkiAnswer:
    """One answer as an Anki review-log row: what exported packages carry."""

    at_ms: int
    """When it was given, in milliseconds since the epoch (Anki's revlog id)."""
    button: int
    """1 Again, 2 Hard, 3 Good, 4 Easy."""
    interval: int
    last_interval: int
    factor: int
    """Ease in permille (2500 for SM-2's easiness 2.5)."""
    time_ms: int
    kind: int
    """0 learning, 1 review, 2 relearning, 3 filtered (Flywheel's same-day drill)."""


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """A card's stored schedule and its answers, oldest first."""

    state: SM2State
    reviews: int
    lapses: int
    suspended: bool
    buried_until: date | None
    answers: list[AnkiAnswer] = field(default_factory=list)
    leech: bool = False


# SM-2 grades as Anki's four buttons. Anki has one failing button, so grades 0-2 all become Again;
# 3 (recalled with serious difficulty) is Hard, 4 (after a hesitation) Good, 5 (perfect) Easy.
BUTTON_FOR_GRADE: dict[int, int] = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
# And back, for Anki's log on import: Again is SM-2's 1 (wrong, the answer remembered on seeing
# it), the others the passing grades above.
GRADE_FOR_BUTTON: dict[int, int] = {1: 1, 2: 3, 3: 4, 4: 5}


def read_schedules(connection: sqlite3.Connection) -> dict[str, CardSchedule]:
    """Every card that has been answered, imported with a schedule or suspended, by card id."""
    schedules: dict[str, CardSchedule] = {}
    rows = connection.execute(
        "SELECT id, repetitions, easiness_pct, interval, due, reviews, lapses, suspended, "
        "buried_until, leech FROM card WHERE reviews > 0 OR suspended = 1"
    )
    for card_id, reps, easiness, interval, due, reviews, lapses, suspended, buried, leech in rows:
        due_day = None if due is None else stored_day(due, "due")
        state = SM2State(reps, easiness, interval, due_day)
        buried_day = None if buried is None else stored_day(buried, "buried_until")
        schedules[card_id] = CardSchedule(
            state, reviews, lapses, bool(suspended), buried_day, leech=bool(leech)
        )
    for card_id, *figures in connection.execute(
        "SELECT card_id, anki_id, button, interval, last_interval, factor, time_ms, kind "
        "FROM imported_review ORDER BY card_id, anki_id"
    ):
        if card_id in schedules:
            schedules[card_id].answers.append(AnkiAnswer(*figures))
    for card_id, at, grade, drill, was_new, before, after, easiness, seconds in connection.execute(
        "SELECT card_id, answered_at, grade, drill, was_new, interval_before, interval_after, "
        "easiness_after, seconds FROM review_log ORDER BY id"
    ):
        if card_id in schedules:
            answer = flywheel_answer(at, grade, drill, was_new, before, after, easiness, seconds)
            schedules[card_id].answers.append(answer)
    return schedules


def flywheel_answer(
    answered_at: str,
    grade: int,
    drill: bool,
    was_new: bool,
    interval_before: int,
    interval_after: int,
    easiness_after: int,
    seconds: float | None,
) -> AnkiAnswer:
    """A row of Flywheel's review log as Anki's review log writes it (a drill is Anki's
    filtered-deck answer: it leaves the schedule alone)."""
    kind = 3 if drill else 0 if was_new else 1
    at_ms = int(stored_moment(answered_at).timestamp() * 1000)
    taken_ms = round(seconds * 1000) if seconds is not None else 0
    return AnkiAnswer(
        at_ms,
        BUTTON_FOR_GRADE[grade],
        interval_after,
        interval_before,
        easiness_after * 10,
        taken_ms,
        kind,
    )

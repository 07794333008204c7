"""Typed views of the store's rows: a card's state, a review log entry, an action.

Each mapper turns one SQL row (selected by the matching `*_SELECT`) into a frozen value, so the
rest of the code never unpacks raw tuples.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from cards.schedule import sm2
from cards.schedule.answering import LogEntry, Schedule
from cards.store.stored import stored_day, stored_int, stored_moment

ActionKind = Literal["answer", "suspend", "unsuspend", "bury"]


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's schedule and flags as stored."""

    card_id: str
    sm2: sm2.SM2State
    reviews: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: date | None
    active: bool

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.sm2, self.reviews, self.lapses, self.leech)


@dataclass(frozen=True, slots=True)
class Action:
    """One undoable change to a card: an answer, a suspension, its end, or a burial.

    Attributes:
        sitting: Which open store made it (one review sitting, or one command).
        review_id: The review log row of an answer.
        suspended_before: The suspended flag before a suspend or unsuspend.
        buried_until_before: The burial in force before a bury.
    """

    id: int
    kind: ActionKind
    card_id: str
    day: date
    sitting: str
    review_id: int | None
    suspended_before: bool | None
    buried_until_before: date | None

    @property
    def buried_until(self) -> date:
        """The day a bury hid the card until: the next study day."""
        return self.day + timedelta(days=1)


CARD_STATE_SELECT = (
    "SELECT id, repetitions, easiness_pct, interval, due, reviews, lapses, suspended, "
    "leech, buried_until, active FROM card"
)
LOG_SELECT = (
    "SELECT id, card_id, answered_at, day, grade, drill, repetitions_before, easiness_before, "
    "interval_before, due_before, repetitions_after, easiness_after, interval_after, due_after, "
    "made_leech, seconds FROM review_log"
)
ACTION_SELECT = (
    "SELECT id, kind, card_id, day, sitting, review_id, suspended_before, buried_until_before "
    "FROM action"
)


def sm2_columns(state: sm2.SM2State) -> tuple[int, int, int, str | None]:
    """The four schedule columns of a card row (or a log row's before/after), in order."""
    due = state.due.isoformat() if state.due else None
    return state.repetitions, state.easiness_pct, state.interval, due


def card_state(row: Sequence[Any]) -> CardState:
    card_id, reps, easiness, interval, due, reviews, lapses, suspended, leech, buried, active = row
    return CardState(
        card_id=str(card_id),
        sm2=_sm2_state(reps, easiness, interval, due),
        reviews=stored_int(reviews, "reviews"),
        lapses=stored_int(lapses, "lapses"),
        suspended=bool(suspended),
        leech=bool(leech),
        buried_until=_day(buried, "buried_until"),
        active=bool(active),
    )


def log_entry(row: Sequence[Any]) -> LogEntry:
    return LogEntry(
        id=int(row[0]),
        card_id=str(row[1]),
        answered_at=stored_moment(row[2]),
        day=stored_day(row[3]),
        grade=stored_int(row[4], "grade"),
        drill=bool(row[5]),
        before=_sm2_state(*row[6:10]),
        after=_sm2_state(*row[10:14]),
        made_leech=bool(row[14]),
        seconds=None if len(row) < 16 or row[15] is None else float(row[15]),
    )


def action_from_row(row: Sequence[Any]) -> Action:
    action_id, kind, card_id, day, sitting, review_id, suspended_before, buried_before = row
    return Action(
        id=int(action_id),
        kind=kind,
        card_id=str(card_id),
        day=stored_day(day),
        sitting=str(sitting),
        review_id=None if review_id is None else int(review_id),
        suspended_before=None if suspended_before is None else bool(suspended_before),
        buried_until_before=_day(buried_before),
    )


def _sm2_state(repetitions: Any, easiness: Any, interval: Any, due: Any) -> sm2.SM2State:
    return sm2.SM2State(
        stored_int(repetitions, "repetitions"),
        stored_int(easiness, "easiness"),
        stored_int(interval, "interval"),
        _day(due, "due"),
    )


def _day(value: Any, what: str = "day") -> date | None:
    """A stored day (see `cards.store.stored`: a damaged one is an error naming `flywheel
    doctor`)."""
    return stored_day(value, what) if value else None


def write_schedule(
    db: sqlite3.Connection, card_id: str, schedule: Schedule, *, suspend: bool = False
) -> None:
    """Store a card's schedule; `suspend` also suspends it (a new leech), never the reverse."""
    db.execute(
        "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, reviews = ?, "
        "lapses = ?, leech = ?, suspended = suspended OR ? WHERE id = ?",
        (
            *sm2_columns(schedule.sm2),
            schedule.reviews,
            schedule.lapses,
            schedule.leech,
            suspend,
            card_id,
        ),
    )


def append_answer(db: sqlite3.Connection, entry: LogEntry, *, was_new: bool) -> LogEntry:
    """Append an answer to the review log; the entry comes back with its row id."""
    cursor = db.execute(
        "INSERT INTO review_log (card_id, answered_at, day, grade, drill, was_new, "
        "repetitions_before, easiness_before, interval_before, due_before, "
        "repetitions_after, easiness_after, interval_after, due_after, made_leech, "
        "seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.card_id,
            entry.answered_at.isoformat(timespec="milliseconds"),
            entry.day.isoformat(),
            entry.grade,
            entry.drill,
            was_new,
            *sm2_columns(entry.before),
            *sm2_columns(entry.after),
            entry.made_leech,
            entry.seconds,
        ),
    )
    assert cursor.lastrowid is not None
    return replace(entry, id=cursor.lastrowid)

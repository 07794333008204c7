"""The one answer rule: what a grade does to a card's schedule, its lapse count and leech flag.

Pure, like SM-2 itself: an answer gives the card's next schedule and the log entry that records
it, so the store only persists both; undo checks a card against the rule before taking an answer
back, and doctor replays the log through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from cards.schedule import sm2
from cards.schedule.study_time import capped_seconds


@dataclass(frozen=True, slots=True)
class Schedule:
    """The parts of a card row that answers change (everything the log derives)."""

    sm2: sm2.SM2State
    reviews: int = 0
    lapses: int = 0
    leech: bool = False


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One answer as the review log keeps it."""

    id: int
    """The log row's id; 0 for an answer not yet written."""
    card_id: str
    answered_at: datetime
    day: date
    grade: int
    drill: bool
    before: sm2.SM2State
    after: sm2.SM2State
    made_leech: bool
    seconds: float | None = None
    """From question to grade, capped (None: not timed)."""


def apply_answer(
    card_id: str,
    before: Schedule,
    grade: int,
    day: date,
    now: datetime,
    *,
    drill: bool,
    leech_threshold: int | None,
    seconds: float | None = None,
) -> tuple[Schedule, LogEntry]:
    """The card's schedule after answering `grade` on study day `day` at `now`, and the log
    entry (id 0) that records the answer.

    A drill answer (SM-2's same-day repetition) leaves the schedule alone. A failed grade on a
    learned card is a lapse (`is_lapse`); the lapse that reaches `leech_threshold` (None: never)
    makes the card a leech.
    `seconds` is how long the question was shown (capped; None: not timed); `now` is kept to
    the millisecond, as the log stores it.

    Raises:
        ValueError: If `grade` is not an int from 0 to 5.
    """
    if drill:
        sm2.needs_drill(grade)  # validates the grade
        after, became_leech = before, False
    else:
        became_leech = (
            is_lapse(before.sm2, grade)
            and not before.leech
            and leech_threshold is not None
            and before.lapses + 1 >= leech_threshold
        )
        after = replace(next_schedule(before, grade, day), leech=before.leech or became_leech)
    entry = LogEntry(
        id=0,
        card_id=card_id,
        answered_at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        day=day,
        grade=grade,
        drill=drill,
        before=before.sm2,
        after=after.sm2,
        made_leech=became_leech,
        seconds=capped_seconds(seconds),
    )
    return after, entry


def next_schedule(before: Schedule, grade: int, day: date) -> Schedule:
    """The schedule a scheduled (not drill) answer leaves, its leech flag aside: what the grade
    bar previews and what doctor replays (the leech flag comes from the log there).

    Raises:
        ValueError: If `grade` is not an int from 0 to 5.
    """
    return replace(
        before,
        sm2=sm2.review(before.sm2, grade, day),
        reviews=before.reviews + 1,
        lapses=before.lapses + is_lapse(before.sm2, grade),
    )


def is_lapse(before: sm2.SM2State, grade: int) -> bool:
    """Forgetting something learned: a failed grade on a card whose last scheduled answer passed.

    A new card failed at first sight, or one failed again while being learned or relearned (no
    passing answer since), has nothing to forget yet: Anki, too, counts lapses on review cards
    only.
    """
    return grade < sm2.PASSING_GRADE and before.repetitions > 0


def undo_answer(
    after: Schedule, before_sm2: sm2.SM2State, grade: int, made_leech: bool
) -> Schedule:
    """The schedule an answer started from, given what it left and its log row's before-state."""
    return Schedule(
        before_sm2,
        reviews=after.reviews - 1,
        lapses=after.lapses - is_lapse(before_sm2, grade),
        leech=after.leech and not made_leech,
    )

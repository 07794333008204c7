"""The one answer rule: what a grade does to a card's schedule, its lapse count and leech flag.

Pure, like SM-2 itself: the store applies it when an answer is recorded, undo checks a card
against it before taking an answer back, and doctor replays the log through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cards import sm2


@dataclass(frozen=True, slots=True)
class Schedule:
    """The parts of a card row that answers change (everything the log derives)."""

    sm2: sm2.SM2State
    reviews: int = 0
    lapses: int = 0
    leech: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """A card's schedule after one answer, and whether the answer made it a leech."""

    schedule: Schedule
    became_leech: bool


def apply_answer(
    before: Schedule, grade: int, day: date, *, drill: bool, leech_threshold: int | None
) -> Outcome:
    """The schedule after answering `grade` on study day `day`.

    A drill answer (SM-2's same-day repetition) leaves the schedule alone. A failed grade is a
    lapse; the lapse that reaches `leech_threshold` (None: never) makes the card a leech.

    Raises:
        ValueError: If `grade` is not an int from 0 to 5.
    """
    if drill:
        sm2.needs_drill(grade)  # validates the grade
        return Outcome(before, False)
    failed = grade < sm2.PASSING_GRADE
    lapses = before.lapses + failed
    became_leech = (
        failed and not before.leech and leech_threshold is not None and lapses >= leech_threshold
    )
    after = replace(
        before,
        sm2=sm2.review(before.sm2, grade, day),
        reviews=before.reviews + 1,
        lapses=lapses,
        leech=before.leech or became_leech,
    )
    return Outcome(after, became_leech)


def undo_answer(
    after: Schedule, before_sm2: sm2.SM2State, grade: int, made_leech: bool
) -> Schedule:
    """The schedule an answer started from, given what it left and its log row's before-state."""
    return Schedule(
        before_sm2,
        reviews=after.reviews - 1,
        lapses=after.lapses - (grade < sm2.PASSING_GRADE),
        leech=after.leech and not made_leech,
    )

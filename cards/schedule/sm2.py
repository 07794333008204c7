"""SM-2 scheduling, exactly as Wozniak published it (SuperMemo 2, 1987).

Easiness moves in steps of 0.02, so it is kept as a whole number of hundredths: with floats,
``ceil(6 * 1.5)`` comes out as 10 days instead of 9 once easiness has drifted to
1.5000000000000002. The module is pure: the day of a review is always an argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from cards.schedule.card_states import DRILL_PASS_GRADE as DRILL_PASS_GRADE

INITIAL_EASINESS_PCT = 250
MIN_EASINESS_PCT = 130
INITIAL_EASINESS = INITIAL_EASINESS_PCT / 100
MIN_EASINESS = MIN_EASINESS_PCT / 100
MAX_INTERVAL = 36_500
"""The longest interval, in days (100 years): SM-2 alone grows it without bound, and a card
answered 5 again and again would soon be due past the end of the calendar."""
PASSING_GRADE = 3


class Grade(IntEnum):
    """The six answer qualities of SM-2, from 0 (blackout) to 5 (perfect)."""

    BLACKOUT = 0
    WRONG = 1
    WRONG_FAMILIAR = 2
    HARD = 3
    GOOD = 4
    PERFECT = 5

    @property
    def label(self) -> str:
        """A short label for a UI, such as ``"4 good"``."""
        return f"{self.value} {_LABELS[self]}"

    @property
    def description(self) -> str:
        """What the grade means, in SM-2's own words."""
        return _DESCRIPTIONS[self]


_LABELS = {
    Grade.BLACKOUT: "blackout",
    Grade.WRONG: "wrong",
    Grade.WRONG_FAMILIAR: "almost",
    Grade.HARD: "hard",
    Grade.GOOD: "good",
    Grade.PERFECT: "perfect",
}

_DESCRIPTIONS = {
    Grade.BLACKOUT: "complete blackout",
    Grade.WRONG: "incorrect response; the correct one remembered",
    Grade.WRONG_FAMILIAR: "incorrect response; the correct one seemed easy to recall",
    Grade.HARD: "correct response recalled with serious difficulty",
    Grade.GOOD: "correct response after a hesitation",
    Grade.PERFECT: "perfect response",
}


@dataclass(frozen=True, slots=True)
class SM2State:
    """Where a card stands after its reviews so far.

    Attributes:
        repetitions: Successful reviews in a row (reset to 0 by a failed one).
        easiness_pct: The easiness factor in hundredths (250 means 2.5).
        interval: Days from the last review to the next one (0 before the first review).
        due: The day of the next review, or None for a card never reviewed.
    """

    repetitions: int = 0
    easiness_pct: int = INITIAL_EASINESS_PCT
    interval: int = 0
    due: date | None = None

    @property
    def easiness(self) -> float:
        """The easiness factor as a float, for display only."""
        return self.easiness_pct / 100


def review(state: SM2State, grade: int, today: date) -> SM2State:
    """Applies one review to a card.

    Args:
        state: The card's state before this review.
        grade: The answer quality, 0 to 5 (a `Grade` or a plain int).
        today: The study day of the review.

    Returns:
        The card's state after the review, due `interval` days after `today`; the interval
        stops growing at `MAX_INTERVAL`.

    Raises:
        ValueError: If `grade` is not an int from 0 to 5 (bools are refused).
    """
    q = checked_grade(grade)
    if q < PASSING_GRADE:
        repetitions, interval = 0, 1
    else:
        repetitions = state.repetitions + 1
        match state.repetitions:
            case 0:
                interval = 1
            case 1:
                interval = 6
            case _:
                interval = -(-state.interval * state.easiness_pct // 100)  # exact ceil
                interval = min(interval, MAX_INTERVAL)
    miss = 5 - q
    easiness_pct = max(MIN_EASINESS_PCT, state.easiness_pct + 10 - miss * (8 + miss * 2))
    return SM2State(repetitions, easiness_pct, interval, today + timedelta(days=interval))


def replay(grades: Iterable[tuple[int, date]]) -> SM2State:
    """Rebuilds a card's state from its review log.

    Args:
        grades: The card's reviews in order, as (grade, study day) pairs.

    Returns:
        The state reached by applying each review to a new card.

    Raises:
        ValueError: If a grade is not an int from 0 to 5.
    """
    state = SM2State()
    for grade, today in grades:
        state = review(state, grade, today)
    return state


def needs_drill(grade: int) -> bool:
    """Tells whether a card must be drilled again today (SM-2 repeats grades below 4).

    Args:
        grade: The answer quality, 0 to 5.

    Returns:
        True when the grade is below `DRILL_PASS_GRADE`.

    Raises:
        ValueError: If `grade` is not an int from 0 to 5.
    """
    return checked_grade(grade) < DRILL_PASS_GRADE


def checked_grade(grade: object) -> int:
    """`grade` when it is a grade: the one test of one, for SM-2, the store and the command line.

    Raises:
        ValueError: If `grade` is not an int from 0 to 5 (bools are refused).
    """
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
        raise ValueError(_not_a_grade(grade))
    return int(grade)


def grade_from_text(text: str) -> int:
    """A grade as typed ("4"): ASCII digits only, so "4.0", "+4" and full-width digits are refused.

    Raises:
        ValueError: If `text` is not a whole number from 0 to 5.
    """
    digits = text.strip()
    if digits.isascii() and digits.isdigit() and int(digits) <= 5:
        return int(digits)
    raise ValueError(_not_a_grade(text))


def _not_a_grade(value: object) -> str:
    return f"grade must be a whole number from 0 to 5, got {value!r}"

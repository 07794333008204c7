"""What each grade would schedule, shown before the grade is chosen ("4 good · 6 d").

The same rule as the store's answer (`cards.schedule.answering.next_schedule`), applied to the
card's current schedule without writing anything.
"""

from __future__ import annotations

from datetime import date

from cards.schedule.answering import Schedule, next_schedule
from cards.schedule.sm2 import Grade


def next_intervals(schedule: Schedule, today: date, *, drill: bool) -> dict[int, int | None]:
    """Grade -> the interval in days it would give; None for a drill answer (no change)."""
    if drill:
        return {grade.value: None for grade in Grade}
    return {
        grade.value: next_schedule(schedule, grade.value, today).sm2.interval for grade in Grade
    }


def interval_text(days: int | None) -> str:
    """`6 d`, `3.2 mo`, `1.4 y`; a drill answer leaves the schedule as it is."""
    if days is None:
        return "no change"
    if days < 60:
        return f"{days} d"
    if days < 365:
        return f"{days / 30:.1f} mo"
    return f"{days / 365:.1f} y"


def grade_previews(schedule: Schedule, today: date, *, drill: bool) -> dict[int, str]:
    """Grade -> what it would schedule, as the grade bar shows it."""
    days = next_intervals(schedule, today, drill=drill)
    return {grade: interval_text(value) for grade, value in days.items()}

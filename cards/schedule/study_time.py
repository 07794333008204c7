"""Time spent answering: each answer's seconds from question to grade, capped as Anki caps them.

A card left on screen while the kettle boils says nothing about the card, so one answer counts
for at most `ANSWER_SECONDS_CAP` seconds. Answers recorded without a time (from scripts, or from
before times were logged) are left out of the figures rather than counted as zero.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from cards.store.stored import stored_day

ANSWER_SECONDS_CAP = 60.0
MEDIAN_DAYS = 30


def capped_seconds(seconds: float | None) -> float | None:
    """The time stored for one answer: from 0 to the cap, to a tenth of a second."""
    if seconds is None:
        return None
    return round(min(max(0.0, float(seconds)), ANSWER_SECONDS_CAP), 1)


def seconds_on(connection: sqlite3.Connection, day: date) -> float:
    """Seconds spent answering on one study day."""
    row = connection.execute(
        "SELECT coalesce(sum(seconds), 0) FROM review_log WHERE day = ?", (day.isoformat(),)
    ).fetchone()
    return float(row[0])


def median_answer_seconds(
    connection: sqlite3.Connection, today: date, days: int = MEDIAN_DAYS
) -> float | None:
    """The median time of one answer over the last `days` study days (None: no timed answer)."""
    first = today - timedelta(days=days - 1)
    rows = connection.execute(
        "SELECT seconds FROM review_log WHERE seconds IS NOT NULL AND day BETWEEN ? AND ?",
        (first.isoformat(), today.isoformat()),
    )
    values = [float(value) for (value,) in rows]
    from statistics import median  # with fractions and decimal: only when figures are asked for

    return median(values) if values else None


def seconds_by_day(
    connection: sqlite3.Connection, today: date, days: int = MEDIAN_DAYS
) -> list[float]:
    """Seconds spent answering on each of the last `days` study days, oldest first."""
    first = today - timedelta(days=days - 1)
    rows = connection.execute(
        "SELECT day, sum(seconds) FROM review_log WHERE seconds IS NOT NULL "
        "AND day BETWEEN ? AND ? GROUP BY day",
        (first.isoformat(), today.isoformat()),
    )
    per_day = {stored_day(day): float(total) for day, total in rows}
    return [per_day.get(first + timedelta(days=offset), 0.0) for offset in range(days)]

"""The study day: which calendar day an answer counts for.

A study day ends at a rollover hour rather than at midnight (4 a.m. by default, as in Anki),
so an answer given at 01:30 still belongs to the evening's session. The hour is read on the
local wall clock of the given time. The module is pure: the current time is always an argument.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

DEFAULT_ROLLOVER_HOUR = 4

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9899, 12, 31)
"""The study days a command accepts: the longest interval (`cards.schedule.sm2.MAX_INTERVAL`, 100
years) and a year of statistics still fall inside Python's calendar, which ends with the year
9999."""

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def study_day(now: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """Finds the study day a moment belongs to.

    Args:
        now: A timezone-aware moment; its own timezone decides the local time.
        rollover_hour: The local hour (0 to 23) at which a new study day begins.

    Returns:
        The date of `now`'s local wall-clock time minus `rollover_hour` hours.

    Raises:
        ValueError: If `now` is naive or `rollover_hour` is not an int from 0 to 23.
    """
    _check_hour(rollover_hour)
    if now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got naive {now.isoformat()}")
    return (now - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int, tz: tzinfo) -> datetime:
    """Finds the moment a study day begins, e.g. to count the reviews made today.

    When a DST jump skips the rollover hour, the result names the skipped wall time; as an
    instant (`fold` 0) it is then the first moment after the jump.

    Args:
        day: The study day.
        rollover_hour: The local hour (0 to 23) at which a study day begins.
        tz: The timezone whose wall clock is meant.

    Returns:
        The aware datetime `rollover_hour`:00 on `day` in `tz`.

    Raises:
        ValueError: If `rollover_hour` is not an int from 0 to 23.
    """
    _check_hour(rollover_hour)
    return datetime.combine(day, time(rollover_hour), tzinfo=tz)


def parse_day(text: str) -> date:
    """Parses a day written strictly as YYYY-MM-DD (as for ``--today`` or FLYWHEEL_TODAY).

    Args:
        text: The text to parse, without surrounding whitespace.

    Returns:
        The date it names.

    Raises:
        ValueError: If `text` is not a real date written as YYYY-MM-DD, or falls outside
            `FIRST_DAY` to `LAST_DAY`.
    """
    try:
        day = date.fromisoformat(text) if _ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r}")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a study day from {FIRST_DAY} to {LAST_DAY}, got {text}")
    return day


def _check_hour(rollover_hour: int) -> None:
    ok = isinstance(rollover_hour, int) and not isinstance(rollover_hour, bool)
    if not (ok and 0 <= rollover_hour <= 23):
        raise ValueError(f"rollover hour must be an int from 0 to 23, got {rollover_hour!r}")

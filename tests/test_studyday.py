"""The study day decides which reviews are due, so its edges are pinned down: the rollover
minute, midnight, time zones and DST days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.schedule.study_day import (
    DEFAULT_ROLLOVER_HOUR,
    FIRST_DAY,
    LAST_DAY,
    day_start,
    parse_day,
    study_day,
)

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [UTC, SEOUL, NEW_YORK, timezone(timedelta(hours=9)), timezone(timedelta(hours=-3.5))]

hours = st.integers(min_value=0, max_value=23)
days = st.dates(min_value=date(1900, 1, 2), max_value=date(2200, 12, 30))
zones = st.one_of(
    st.timezones(),
    st.builds(
        timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
    ),
)
moments = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30), timezones=zones
)


def at(instant_utc: str, tz: tzinfo) -> datetime:
    """The given UTC instant (ISO text) seen on the wall clock of `tz`."""
    return datetime.fromisoformat(instant_utc).replace(tzinfo=UTC).astimezone(tz)


def test_default_rollover_is_four() -> None:
    assert DEFAULT_ROLLOVER_HOUR == 4
    assert study_day(datetime(2024, 5, 10, 3, 59, tzinfo=UTC)) == date(2024, 5, 9)


@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_around_the_rollover(tz: tzinfo) -> None:
    assert study_day(datetime(2024, 5, 10, 3, 59, 59, 999999, tzinfo=tz)) == date(2024, 5, 9)
    assert study_day(datetime(2024, 5, 10, 4, 0, tzinfo=tz)) == date(2024, 5, 10)
    assert study_day(datetime(2024, 5, 10, 1, 30, tzinfo=tz)) == date(2024, 5, 9)
    assert study_day(datetime(2024, 5, 10, 23, 59, tzinfo=tz)) == date(2024, 5, 10)


def test_midnight_belongs_to_the_evening_before() -> None:
    assert study_day(datetime(2024, 1, 1, 0, 0, tzinfo=UTC)) == date(2023, 12, 31)
    assert study_day(datetime(2024, 3, 1, 0, 0, tzinfo=UTC)) == date(2024, 2, 29)


def test_rollover_zero_is_midnight() -> None:
    assert study_day(datetime(2024, 1, 1, 0, 0, tzinfo=UTC), 0) == date(2024, 1, 1)
    assert study_day(datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC), 0) == date(2023, 12, 31)


def test_rollover_twenty_three() -> None:
    assert study_day(datetime(2024, 1, 1, 22, 59, tzinfo=UTC), 23) == date(2023, 12, 31)
    assert study_day(datetime(2024, 1, 1, 23, 0, tzinfo=UTC), 23) == date(2024, 1, 1)


def test_the_moment_is_read_in_its_own_time_zone() -> None:
    # 18:30 UTC is 03:30 next morning in Seoul: still the same study day there.
    assert study_day(at("2024-05-01T18:30", UTC)) == date(2024, 5, 1)
    assert study_day(at("2024-05-01T18:30", SEOUL)) == date(2024, 5, 1)
    # 19:00 UTC is 04:00 in Seoul: a new study day there, not in UTC or New York.
    assert study_day(at("2024-05-01T19:00", SEOUL)) == date(2024, 5, 2)
    assert study_day(at("2024-05-01T19:00", UTC)) == date(2024, 5, 1)
    assert study_day(at("2024-05-01T19:00", NEW_YORK)) == date(2024, 5, 1)


def test_new_york_spring_forward() -> None:
    # 2024-03-10: 02:00 EST jumps to 03:00 EDT; the day still starts at 04:00 on the wall.
    assert at("2024-03-10T07:59", NEW_YORK).hour == 3
    assert study_day(at("2024-03-10T07:59", NEW_YORK)) == date(2024, 3, 9)
    assert study_day(at("2024-03-10T08:00", NEW_YORK)) == date(2024, 3, 10)


def test_new_york_fall_back() -> None:
    # 2024-11-03: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice, both the day before.
    first, second = at("2024-11-03T05:30", NEW_YORK), at("2024-11-03T06:30", NEW_YORK)
    assert (first.hour, first.fold, second.hour, second.fold) == (1, 0, 1, 1)
    assert study_day(first) == study_day(second) == date(2024, 11, 2)
    assert study_day(at("2024-11-03T08:59", NEW_YORK)) == date(2024, 11, 2)
    assert study_day(at("2024-11-03T09:00", NEW_YORK)) == date(2024, 11, 3)


def test_day_start() -> None:
    start = day_start(date(2024, 5, 2), 4, SEOUL)
    assert start == datetime(2024, 5, 2, 4, 0, tzinfo=SEOUL)
    assert start.tzinfo is SEOUL
    assert start.astimezone(UTC) == datetime(2024, 5, 1, 19, 0, tzinfo=UTC)


def test_day_start_on_dst_days() -> None:
    # 02:00 does not exist on 2024-03-10 in New York; the day starts with the jump to 03:00 EDT.
    assert day_start(date(2024, 3, 10), 2, NEW_YORK).astimezone(UTC) == at("2024-03-10T07:00", UTC)
    # 01:00 happens twice on 2024-11-03; the day starts at the first one (EDT).
    assert day_start(date(2024, 11, 3), 1, NEW_YORK).astimezone(UTC) == at("2024-11-03T05:00", UTC)
    # With the rollover at 04:00, the study days that hold the jumps last 23 and 25 hours.
    assert elapsed(day_start(date(2024, 3, 9), 4, NEW_YORK), date(2024, 3, 10)) == timedelta(
        hours=23
    )
    assert elapsed(day_start(date(2024, 11, 2), 4, NEW_YORK), date(2024, 11, 3)) == timedelta(
        hours=25
    )


def elapsed(start: datetime, next_day: date) -> timedelta:
    """Real time from `start` to the start of `next_day` (same rollover and zone)."""
    assert start.tzinfo is not None
    end = day_start(next_day, start.hour, start.tzinfo)
    return end.astimezone(UTC) - start.astimezone(UTC)


class _NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


@pytest.mark.parametrize(
    "now", [datetime(2024, 5, 10, 12), datetime(2024, 5, 10, tzinfo=_NoOffset())]
)
def test_naive_moments_are_refused(now: datetime) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(now)


@pytest.mark.parametrize("hour", [-1, 24, True, 4.0])
def test_bad_rollover_hours_are_refused(hour: int) -> None:
    with pytest.raises(ValueError, match="rollover hour must be an int from 0 to 23"):
        study_day(datetime(2024, 5, 10, 12, tzinfo=UTC), hour)
    with pytest.raises(ValueError, match="rollover hour must be an int from 0 to 23"):
        day_start(date(2024, 5, 10), hour, UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("1900-01-01", date(1900, 1, 1)),
        ("9899-12-31", date(9899, 12, 31)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "9900-01-01", "9999-12-31"])
def test_parse_day_refuses_the_ends_of_the_calendar(text: str) -> None:
    with pytest.raises(
        ValueError, match=f"^a study day from 1900-01-01 to 9899-12-31, got {text}$"
    ):
        parse_day(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "today",
        "2024-1-05",
        "24-01-05",
        "20240105",
        "2024-W01-1",
        "2024-01-05T00:00",
        " 2024-01-05",
        "2024-01-05\n",
        "2024/01/05",
        "\uff12\uff10\uff12\uff14-01-05",
        "2023-02-29",
        "2024-13-01",
        "2024-00-10",
        "0000-01-01",
    ],
)
def test_parse_day_is_strict(text: str) -> None:
    message = f"expected a date as YYYY-MM-DD, got {text!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_day(text)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_parse_day_reads_isoformat(day: date) -> None:
    assert parse_day(day.isoformat()) == day


@given(moments, hours)
def test_study_day_is_the_wall_date_shifted_by_the_rollover(now: datetime, hour: int) -> None:
    expected = now.date() if now.hour >= hour else now.date() - timedelta(days=1)
    assert study_day(now, hour) == expected


@given(moments, hours)
def test_a_moment_lies_within_its_study_day(now: datetime, hour: int) -> None:
    assert now.tzinfo is not None
    day = study_day(now, hour)
    assert (
        day_start(day, hour, now.tzinfo)
        <= now
        < day_start(day + timedelta(days=1), hour, now.tzinfo)
    )


@given(days, hours, zones)
def test_a_study_day_begins_at_its_start(day: date, hour: int, tz: tzinfo) -> None:
    start = day_start(day, hour, tz)
    assert (start.hour, start.minute, start.tzinfo) == (hour, 0, tz)
    assert study_day(start, hour) == day
    assert study_day(start - timedelta(microseconds=1), hour) == day - timedelta(days=1)

"""Time logged per answer (capped at 60 s) and the figures `stats --json` makes of it."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime

import pytest

from cards.schedule.study_time import ANSWER_SECONDS_CAP, capped_seconds, seconds_by_day
from cards.store.store import Store
from cards.store.stored import DamagedValue
from tests.conftest import flywheel
from tests.sql import sql


def logged_seconds(env: dict[str, str]) -> list[float | None]:
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        return [row[0] for row in connection.execute("SELECT seconds FROM review_log ORDER BY id")]


def test_capping() -> None:
    assert ANSWER_SECONDS_CAP == 60
    assert [capped_seconds(value) for value in (None, -3, 7.26, 60, 600)] == [
        None,
        0.0,
        7.3,
        60.0,
        60.0,
    ]


def test_stats_json_has_study_seconds_today_and_the_median(env: dict[str, str]) -> None:
    empty = json.loads(flywheel("stats", "--json", env=env).stdout)
    assert (empty["study_seconds_today"], empty["median_answer_seconds"]) == (0, None)
    answers = [("test/capital#fwd", "4", "12.5"), ("test/pair#fwd", "2", "300")]
    for card, grade, seconds in answers:
        result = flywheel("answer", card, grade, "--seconds", seconds, env=env)
        assert result.returncode == 0, result.stderr
    assert flywheel("answer", "test/pair#fwd", "5", env=env).returncode == 0  # untimed drill
    earlier = flywheel("answer", "test/cloze#c1", "4", "--seconds", "3", "--today", "2026-01-10",
                       env=env)  # fmt: skip
    assert earlier.returncode == 0, earlier.stderr
    assert logged_seconds(env) == [12.5, 60.0, None, 3.0]
    stats = json.loads(flywheel("stats", "--json", env=env).stdout)
    assert stats["study_seconds_today"] == 72.5
    assert stats["median_answer_seconds"] == 12.5  # of 3, 12.5 and 60
    text = flywheel("stats", env=env).stdout
    assert "time answering today: 1 min 12 s; median answer over 30 days: 12.5 s" in text


def test_bad_seconds_is_one_line_exit_2(env: dict[str, str]) -> None:
    result = flywheel("answer", "test/capital#fwd", "4", "--seconds", "-1", env=env)
    assert (result.returncode, result.stderr) == (
        2,
        "flywheel: --seconds must be 0 or more, got -1.0\n",
    )
    assert logged_seconds(env) == []


def test_a_damaged_day_of_a_timed_answer_is_named(store: Store) -> None:
    today = date(2026, 1, 15)
    store.answer("test/capital#fwd", 4, today, datetime(2026, 1, 15, 9, tzinfo=UTC), seconds=4)
    with sql(store) as db:
        db.execute("UPDATE review_log SET day = '2026-01-10x'")
        with pytest.raises(DamagedValue, match="day '2026-01-10x'"):
            seconds_by_day(db, today)


@pytest.mark.parametrize(
    ("given", "read"), [("inf", "inf"), ("-inf", "-inf"), ("nan", "nan"), ("1e400", "inf")]
)
def test_seconds_that_are_not_a_finite_number_are_named_so(
    env: dict[str, str], given: str, read: str
) -> None:
    result = flywheel("answer", "test/capital#fwd", "4", f"--seconds={given}", env=env)
    assert (result.returncode, result.stderr) == (
        2,
        f"flywheel: --seconds must be a finite number of seconds, got {read}\n",
    )
    assert logged_seconds(env) == []

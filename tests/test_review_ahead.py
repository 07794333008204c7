"""Review ahead (`--ahead DAYS`) and extra new cards (`--new N`) from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.queue import Limits
from cards.schedule.stretch import room_to_stretch, stretched
from tests.conftest import GOOD_DECK, flywheel


@pytest.fixture
def env(isolated_env: dict[str, str], write_deck: Callable[..., Path]) -> dict[str, str]:
    write_deck(GOOD_DECK)
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\nnew_per_day = 1\n")
    return isolated_env


def due_ids(env: dict[str, str], *args: str) -> list[tuple[str, str]]:
    result = flywheel("due", "--json", *args, env=env)
    assert result.returncode == 0, result.stderr
    return [(item["id"], item["kind"]) for item in json.loads(result.stdout)]


def test_ahead_offers_cards_due_within_the_days_and_sm2_counts_from_the_interval(
    env: dict[str, str],
) -> None:
    card = "test/capital#fwd"
    assert flywheel("answer", card, "4", "--today", "2026-01-15", env=env).returncode == 0
    second = flywheel("answer", card, "4", "--today", "2026-01-16", env=env)
    assert "next review 2026-01-22 (interval 6 d" in second.stdout
    day = ("--today", "2026-01-17")
    assert (card, "review") not in due_ids(env, *day)
    assert (card, "review") not in due_ids(env, *day, "--ahead", "4")
    assert due_ids(env, *day, "--ahead", "5")[0] == (card, "review")
    refused = flywheel("answer", card, "4", *day, env=env)
    assert refused.returncode == 2
    assert "not in today's queue" in refused.stderr
    early = flywheel("answer", card, "4", *day, "--ahead", "5", env=env)
    assert early.returncode == 0, early.stderr
    # SM-2 takes the scheduled interval (6 d x 2.5 = 15 d), counted from the day answered.
    assert "next review 2026-02-01 (interval 15 d, easiness 2.50)" in early.stdout


def test_new_adds_new_cards_beyond_the_daily_limit(env: dict[str, str]) -> None:
    assert due_ids(env) == [("test/capital#fwd", "new")]
    assert due_ids(env, "--new", "2") == [
        ("test/capital#fwd", "new"),
        ("test/pair#fwd", "new"),
        ("test/cloze#c1", "new"),
    ]
    assert flywheel("answer", "test/capital#fwd", "5", env=env).returncode == 0
    refused = flywheel("answer", "test/pair#fwd", "5", env=env)
    assert refused.returncode == 2
    assert flywheel("answer", "test/pair#fwd", "5", "--new", "1", env=env).returncode == 0
    assert due_ids(env) == []  # two new cards learned today: the limit of one is spent
    assert due_ids(env, "--new", "2") == [("test/cloze#c1", "new")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "--ahead", "-1"), "flywheel: --ahead must be from 0 to 3650 days, got -1\n"),
        (("due", "--new", "-3"), "flywheel: --new must be from 0 to 100000 cards, got -3\n"),
        (("answer", "x#fwd", "4", "--new", "100001"), "flywheel: --new must be from 0 to 100000"),
        (("answer", "x#fwd", "4", "--ahead", "9999"), "flywheel: --ahead must be from 0 to"),
        (("due", "--new", "99999999999999999999"), "flywheel: --new must be from 0 to"),
        (("answer", "x#fwd", "4", "--new", "9" * 30), "flywheel: --new must be from 0 to"),
    ],
)
def test_bad_stretch_values_are_one_line_exit_2(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = flywheel(*args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_a_review_is_widened_within_one_bound_in_total() -> None:
    """`--ahead` given at the start and `>` in the app add up, and the sum has the bound."""
    started = stretched(Limits(), ahead_days=3000, extra_new=99_000)
    assert (started.ahead_days, started.extra_new) == (3000, 99_000)
    assert room_to_stretch(started) == (650, 1000)
    widened = stretched(started, 650, 1000)
    assert room_to_stretch(widened) == (0, 0)
    with pytest.raises(FlywheelError, match="--ahead must be from 0 to 650 days, got 651"):
        stretched(started, ahead_days=651)
    with pytest.raises(FlywheelError, match="--new must be from 0 to 1000 cards, got 1001"):
        stretched(started, extra_new=1001)

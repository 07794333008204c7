"""`flywheel compare` on short histories: too little history is a message with the count
needed, never an error; a deck filter and a history too short to fit every parameter."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cards.compare.comparison import MIN_REVIEWS
from cards.compare.events import read_history
from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.conftest import flywheel
from tests.simulated_learner import START, Learner, answer_days, deck_text
from tests.sql import sql


@pytest.fixture
def small(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "sim.toml").write_text(deck_text(5), encoding="utf-8")
    (tmp_path / "decks" / "other.toml").write_text(deck_text(3, "Other::Deck"), encoding="utf-8")
    (tmp_path / "config.toml").write_text("builtin_decks = false\n")
    return {
        "FLYWHEEL_DB": str(tmp_path / "c.db"),
        "FLYWHEEL_CONFIG": str(tmp_path / "config.toml"),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": "2026-03-01",
    }


def answer(env: dict[str, str], card: str, grade: int, day: str) -> None:
    result = flywheel("answer", card, str(grade), "--today", day, env=env)
    assert result.returncode == 0, result.stderr


def too_little(env: dict[str, str], *args: str) -> tuple[dict[str, Any], str]:
    as_json = flywheel("compare", "--json", *args, env=env)
    as_text = flywheel("compare", *args, env=env)
    assert as_json.returncode == as_text.returncode == 0, as_json.stderr + as_text.stderr
    assert as_json.stderr == as_text.stderr == ""
    return json.loads(as_json.stdout), as_text.stdout


def test_an_empty_log_is_too_little_history(small: dict[str, str]) -> None:
    figures, text = too_little(small)
    assert figures == {"reviews": 0, "needed": MIN_REVIEWS, "models": []}
    assert f"takes {MIN_REVIEWS} reviews" in text
    assert f"there are 0, {MIN_REVIEWS} to go" in text


def test_one_card_answered_on_three_days_is_too_little_history(small: dict[str, str]) -> None:
    for day in ("2026-02-01", "2026-02-02", "2026-02-08"):
        answer(small, "words/n0000#fwd", 4, day)
    figures, text = too_little(small)
    assert figures == {"reviews": 2, "needed": MIN_REVIEWS, "models": []}
    assert f"there are 2, {MIN_REVIEWS - 2} to go" in text


def test_answers_all_on_one_day_score_nothing(small: dict[str, str]) -> None:
    for card in ("words/n0000#fwd", "words/n0001#fwd", "words/n0000#fwd"):
        answer(small, card, 2 if card == "words/n0001#fwd" else 1, "2026-02-01")
    figures, _ = too_little(small)
    assert figures["reviews"] == 0


def test_a_deck_without_reviews_is_too_little_history(small: dict[str, str]) -> None:
    answer(small, "words/n0000#fwd", 4, "2026-02-01")
    answer(small, "words/n0000#fwd", 4, "2026-02-02")
    figures, text = too_little(small, "--deck", "Other::Deck")
    assert figures["reviews"] == 0
    assert "in Other::Deck to compare yet" in text
    assert too_little(small, "--deck", "sim::words")[0]["reviews"] == 1


def test_an_unknown_deck_is_refused_in_one_line(small: dict[str, str]) -> None:
    result = flywheel("compare", "--deck", "Nowhere", env=small)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--deck 'Nowhere' matches no deck" in result.stderr


def test_deck_filter_keeps_only_that_decks_reviews(tmp_path: Path) -> None:
    """Two decks answered by the same learner: each deck's history holds its own reviews."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "a.toml").write_text(deck_text(4, "Alpha"), encoding="utf-8")
    (folder / "b.toml").write_text(deck_text(4, "Beta"), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=8)) as store:
        store.sync([folder / "a.toml", folder / "b.toml"])
        answer_days(store, Learner(), start=date(2026, 1, 5), days=20)
        with sql(store) as connection:
            both = len(read_history(connection).reviews)
            alpha = read_history(connection, "alpha")
            beta = read_history(connection, "Beta")
    assert len(alpha.reviews) > 0
    assert len(beta.reviews) > 0
    assert len(alpha.reviews) + len(beta.reviews) == both
    assert all(card.startswith("alpha/") for card in alpha.card_ids)


def test_a_history_too_short_to_fit_every_parameter_says_so(tmp_path: Path) -> None:
    """150 cards learned one day and reviewed the next: enough reviews to score, but no card
    reviewed twice on later days, so fsrs-rs fits only the first stabilities."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "wide.toml").write_text(deck_text(150, "Wide"), encoding="utf-8")
    (tmp_path / "config.toml").write_text("builtin_decks = false\n")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=150, reviews_per_day=400)) as store:
        store.sync([folder / "wide.toml"])
        answer_days(store, Learner(), start=START, days=2)
    env = {
        "FLYWHEEL_DB": str(tmp_path / "c.db"),
        "FLYWHEEL_CONFIG": str(tmp_path / "config.toml"),
        "FLYWHEEL_DECKS": str(folder),
        "FLYWHEEL_TODAY": (START + timedelta(days=2)).isoformat(),
    }
    figures = json.loads(flywheel("compare", "--json", env=env).stdout)
    assert figures["reviews"] >= MIN_REVIEWS // 2
    assert figures["fully_fitted"] is False
    assert "only its first-day stabilities" in flywheel("compare", env=env).stdout

"""`flywheel compare`: SM-2 and FSRS scored on a simulated learner's weeks of real answers."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem

from cards.compare import metrics
from cards.compare.bins import review_bins
from cards.compare.comparison import MIN_REVIEWS
from cards.compare.events import read_history
from cards.compare.fitting import fit_parameters, fsrs_items
from cards.compare.predictions import card_reviews, fsrs_predictions, memories
from cards.compare.workload import StartingCard, simulate
from cards.schedule.queue import Limits
from cards.schedule.sm2 import SM2State
from cards.store.store import Store
from tests.conftest import flywheel
from tests.simulated_learner import (
    RUN_DAYS,
    START,
    Learner,
    answer_days,
    build_collection,
    deck_text,
)
from tests.sql import sql

TODAY = START + timedelta(days=RUN_DAYS)


@pytest.fixture(scope="module")
def learned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A collection a simulated learner answered for seven weeks (built once per module)."""
    folder = tmp_path_factory.mktemp("learned")
    (folder / "decks").mkdir()
    build_collection(folder / "c.db", folder / "decks" / "sim.toml", notes=150, new_per_day=10)
    (folder / "config.toml").write_text("builtin_decks = false\n")
    return folder


def env_for(folder: Path) -> dict[str, str]:
    return {
        "FLYWHEEL_DB": str(folder / "c.db"),
        "FLYWHEEL_CONFIG": str(folder / "config.toml"),
        "FLYWHEEL_DECKS": str(folder / "decks"),
        "FLYWHEEL_TODAY": TODAY.isoformat(),
    }


@pytest.fixture(scope="module")
def figures(learned: Path) -> dict[str, Any]:
    result = flywheel("compare", "--json", env=env_for(learned))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def connection(learned: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(learned / "c.db")
    yield connection
    connection.close()


def model(figures: dict[str, Any], name: str) -> dict[str, Any]:
    return next(entry for entry in figures["models"] if entry["name"] == name)


def later_half_sm2(
    connection: sqlite3.Connection, until: date = TODAY
) -> tuple[list[float], list[bool]]:
    """SM-2's forecasts of the later half of the scored reviews up to study day `until`,
    straight from the log's rows."""
    scored: list[tuple[str, int, float, bool]] = []
    last_day: dict[str, date] = {}
    rows = connection.execute(
        "SELECT id, card_id, day, grade, interval_before FROM review_log ORDER BY id"
    )
    for row_id, card_id, day_text, grade, interval in rows:
        day = date.fromisoformat(day_text)
        if day > until:
            continue
        previous = last_day.get(card_id)
        if previous is not None and day > previous:
            elapsed = (day - previous).days
            scored.append((day_text, row_id, 0.9 ** (elapsed / max(1, interval)), grade >= 3))
        last_day[card_id] = day
    scored.sort()
    later = scored[len(scored) // 2 :]
    return [p for _, _, p, _ in later], [label for *_, label in later]


def test_sm2_log_loss_matches_an_independent_replay_of_the_log(
    figures: dict[str, Any], connection: sqlite3.Connection
) -> None:
    predictions, labels = later_half_sm2(connection)
    expected = -sum(
        math.log(p) if label else math.log(1 - p)
        for p, label in zip(predictions, labels, strict=True)
    ) / len(labels)
    sm2 = model(figures, "SM-2")
    assert figures["reviews"] == sm2["reviews"] == len(labels) >= MIN_REVIEWS // 2
    assert sm2["log_loss"] == pytest.approx(expected, abs=1e-6)


def test_an_earlier_study_day_compares_the_history_as_it_stood_that_day(
    learned: Path, connection: sqlite3.Connection
) -> None:
    """`--today` before the last answer: later answers are left out of the scores, and the
    workload starts from the schedules of that day (not from ones due after the horizon)."""
    day = START + timedelta(days=RUN_DAYS - 15)
    result = flywheel("compare", "--json", "--today", day.isoformat(), env=env_for(learned))
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    (answered,) = connection.execute(
        "SELECT count(*) FROM review_log WHERE day <= ?", (day.isoformat(),)
    ).fetchone()
    (later,) = connection.execute(
        "SELECT count(*) FROM review_log WHERE day > ?", (day.isoformat(),)
    ).fetchone()
    assert later > 0
    assert figures["answers"] == answered
    predictions, labels = later_half_sm2(connection, day)
    expected = -sum(
        math.log(p) if label else math.log(1 - p)
        for p, label in zip(predictions, labels, strict=True)
    ) / len(labels)
    sm2 = model(figures, "SM-2")
    assert sm2["reviews"] == len(labels)
    assert sm2["log_loss"] == pytest.approx(expected, abs=1e-6)
    whole = model(json.loads(flywheel("compare", "--json", env=env_for(learned)).stdout), "SM-2")
    assert sm2["reviews_per_day_30"] > whole["reviews_per_day_30"] / 4 > 0
    assert figures["answers_after_today"] == later
    text = flywheel("compare", "--today", day.isoformat(), env=env_for(learned)).stdout
    assert f"{later} answers dated after the study day left out" in text


def test_sm2_auc_counts_every_pair_of_recalled_and_forgotten_reviews(
    figures: dict[str, Any], connection: sqlite3.Connection
) -> None:
    predictions, labels = later_half_sm2(connection)
    recalled = [p for p, label in zip(predictions, labels, strict=True) if label]
    forgotten = [p for p, label in zip(predictions, labels, strict=True) if not label]
    wins = sum((r > f) + 0.5 * (r == f) for r in recalled for f in forgotten)
    assert model(figures, "SM-2")["auc"] == pytest.approx(wins / (len(recalled) * len(forgotten)))


def test_fsrs_forecasts_and_bins_agree_with_fsrs_rs_evaluate(
    connection: sqlite3.Connection,
) -> None:
    history = read_history(connection)
    parameters = fit_parameters(history, history.reviews[: len(history.reviews) // 2])
    bins = review_bins(history)
    labels = [review.recalled for review in history.reviews]
    weights = metrics.recency_weights(len(labels))
    items = fsrs_items(history, history.reviews)
    for chosen in (list(DEFAULT_PARAMETERS), parameters):
        predictions = fsrs_predictions(history, chosen)
        evaluation = FSRS(chosen).evaluate(items)
        ours = metrics.log_loss(predictions, labels, weights)
        assert ours == pytest.approx(evaluation.log_loss, rel=1e-5)
        binned = metrics.rmse_bins(predictions, labels, bins, weights)
        assert binned == pytest.approx(evaluation.rmse_bins, rel=1e-4)


def test_py_fsrs_and_fsrs_rs_reach_the_same_memory_of_every_card(
    connection: sqlite3.Connection,
) -> None:
    """Card info and the workload replay with py-fsrs, the forecasts with fsrs-rs: they agree."""
    history = read_history(connection)
    parameters = fit_parameters(history, history.reviews)
    everyone = range(len(history.card_ids))
    ours = memories(history, parameters, everyone)
    items = [FSRSItem(card_reviews(answers)) for answers in history.answers]
    theirs = FSRS(parameters).memory_state_batch(items)
    assert len(ours) == len(theirs) == len(history.card_ids) > 100
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.stability == pytest.approx(reference.stability, rel=1e-4, abs=1e-6)
        assert mine.difficulty == pytest.approx(reference.difficulty, rel=1e-4)


def test_the_figures_of_fsrs_are_those_of_fsrs_rs_own_forecasts(
    figures: dict[str, Any], connection: sqlite3.Connection
) -> None:
    """fsrs-rs evaluating one review alone reports |forecast - outcome| as its RMSE, which gives
    its own forecast of each review: the command's log loss must be theirs."""
    history = read_history(connection)
    later = history.reviews[len(history.reviews) // 2 :]
    evaluator = FSRS(list(DEFAULT_PARAMETERS))
    total = 0.0
    for review, item in zip(later, fsrs_items(history, later), strict=True):
        gap = evaluator.evaluate([item]).rmse_bins
        forecast = 1 - gap if review.recalled else gap
        total -= math.log(forecast) if review.recalled else math.log(1 - forecast)
    assert model(figures, "FSRS-6 default")["log_loss"] == pytest.approx(
        total / len(later), rel=1e-4
    )


def test_fsrs_fitted_to_the_learner_predicts_better_than_sm2(figures: dict[str, Any]) -> None:
    sm2, fitted = model(figures, "SM-2"), model(figures, "FSRS-6 fitted")
    assert fitted["log_loss"] < sm2["log_loss"]
    assert fitted["rmse_bins"] < sm2["rmse_bins"]
    assert fitted["auc"] > sm2["auc"]
    assert [entry["name"] for entry in figures["models"]] == [
        "SM-2",
        "FSRS-6 default",
        "FSRS-6 fitted",
    ]


def test_workload_is_given_for_each_model_at_the_retention_sm2_achieved(
    figures: dict[str, Any], connection: sqlite3.Connection
) -> None:
    history = read_history(connection)
    achieved = sum(review.recalled for review in history.reviews) / len(history.reviews)
    assert figures["retention"] == pytest.approx(achieved, abs=1e-4)
    assert model(figures, "SM-2")["reviews_per_day_30"] > 0
    for entry in figures["models"]:
        assert entry["reviews_per_day_30"] >= 0
        assert entry["reviews_per_day_365"] > 0


def test_fsrs_asks_for_more_reviews_the_higher_the_retention(
    connection: sqlite3.Connection,
) -> None:
    history = read_history(connection)
    everyone = range(len(history.card_ids))
    cards = [
        StartingCard(SM2State(), memory, memory)
        for memory in memories(history, DEFAULT_PARAMETERS, everyone)
    ]
    grades = [answer.grade for answers in history.answers for answer in answers]

    def per_day(retention: float) -> float:
        workload = simulate(cards, TODAY, DEFAULT_PARAMETERS, "fsrs-fitted", retention, grades)
        return workload.next_365_days

    assert per_day(0.7) < per_day(0.85) < per_day(0.95)


def test_the_text_names_the_models_and_says_the_scheduler_stays_sm2(learned: Path) -> None:
    result = flywheel("compare", env=env_for(learned))
    assert result.returncode == 0, result.stderr
    for name in ("SM-2", "FSRS-6 default", "FSRS-6 fitted", "log loss", "RMSE (bins)", "AUC"):
        assert name in result.stdout
    assert "still schedules with SM-2" in result.stdout


def test_compare_writes_nothing_to_the_log_or_the_schedules(learned: Path) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        with sqlite3.connect(learned / "c.db") as db:
            return db.execute(
                "SELECT (SELECT count(*) FROM review_log), (SELECT group_concat(id || due || "
                "interval || easiness_pct, ',') FROM card)"
            ).fetchall()

    before = snapshot()
    assert flywheel("compare", "--json", env=env_for(learned)).returncode == 0
    assert snapshot() == before


# Edge cases: too little history is a message with the count needed, never an error.


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


def test_a_long_history_fits_every_parameter(figures: dict[str, Any]) -> None:
    assert figures["fully_fitted"] is True

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
from cards.schedule.sm2 import SM2State
from tests.conftest import flywheel
from tests.simulated_learner import (
    RUN_DAYS,
    START,
    build_collection,
)

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


def test_a_long_history_fits_every_parameter(figures: dict[str, Any]) -> None:
    assert figures["fully_fitted"] is True

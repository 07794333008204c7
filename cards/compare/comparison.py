"""SM-2 against FSRS on one user's history: every figure `flywheel compare` shows.

The scored reviews are put in the order they were given and split in two: FSRS is fitted on the
earlier half and every model is scored on the later half, so no review helps predict itself and
the three models face the same reviews (srs-benchmark's rule). Nothing is written: the scheduler
stays SM-2.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date

from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRSItem

from cards.compare import metrics
from cards.compare.bins import review_bins
from cards.compare.cache import LastResult
from cards.compare.events import History, read_history
from cards.compare.fitting import MIN_FIT_REVIEWS, fit_parameters, fsrs_items, fully_fittable
from cards.compare.predictions import (
    card_reviews,
    fsrs_predictions,
    memories,
    sm2_predictions,
)
from cards.compare.workload import (
    SAMPLE_CARDS,
    SEED,
    Scheduling,
    StartingCard,
    Workload,
    simulate,
)
from cards.schedule.sm2 import SM2State
from cards.store.stored import stored_day

MIN_REVIEWS = 2 * MIN_FIT_REVIEWS
"""Half of the scored reviews fit FSRS, and the fit needs `MIN_FIT_REVIEWS` of them."""
CALIBRATION_BINS = 10

SM2_NAME = "SM-2"
FSRS_DEFAULT_NAME = "FSRS-6 default"
FSRS_FITTED_NAME = "FSRS-6 fitted"
SCHEDULING: dict[str, Scheduling] = {
    SM2_NAME: "sm2",
    FSRS_DEFAULT_NAME: "fsrs-default",
    FSRS_FITTED_NAME: "fsrs-fitted",
}


@dataclass(frozen=True, slots=True)
class ModelScore:
    """One model's figures on the scored reviews."""

    name: str
    log_loss: float
    rmse_bins: float
    auc: float | None
    reviews: int
    workload: Workload | None
    calibration: list[tuple[float, float, int]]
    """(mean forecast, recall rate, reviews) in each tenth of the forecast's range."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """The three models on one history."""

    answers: int
    fitted_on: int
    """Scored reviews of the earlier half, which FSRS was fitted on."""
    retention: float
    """The share of all scored reviews recalled: the retention SM-2 achieved."""
    models: list[ModelScore]
    parameters: list[float]
    """FSRS fitted to every scored review, for the workload (empty when it was not asked for)."""
    fully_fitted: bool = True
    """Whether the earlier half let fsrs-rs fit every parameter, not only the first stabilities
    (the rest then stay the defaults, and "fitted" differs little from "default")."""
    later: int = 0
    """Answers dated after the study day, left out: the comparison is the one of that day."""

    @property
    def reviews(self) -> int:
        return self.models[0].reviews


@dataclass(frozen=True, slots=True)
class TooLittle:
    """Not enough history to fit FSRS yet."""

    reviews: int
    needed: int = MIN_REVIEWS


Compared = Comparison | TooLittle


def compare(
    connection: sqlite3.Connection, today: date, deck: str | None = None, workload: bool = True
) -> Compared:
    """Score the three models on the history of `deck` (every deck when None) as it stood on
    study day `today`: answers dated later are left out, and the workload starts from each
    card's schedule of that day."""
    history = read_history(connection, deck, until=today)
    if len(history.reviews) < MIN_REVIEWS:
        return TooLittle(len(history.reviews))
    split, forecasts, fully = _forecasts(history)
    scored = history.reviews[split:]
    labels = [review.recalled for review in scored]
    bins = review_bins(history)[split:]
    all_recalled = [review.recalled for review in history.reviews]
    retention = sum(all_recalled) / len(all_recalled)
    parameters: list[float] = []
    workloads: dict[str, Workload] = {}
    if workload:
        parameters = fit_parameters(history, history.reviews)
        workloads = _workloads(connection, history, today, parameters, retention)
    models = [
        ModelScore(
            name,
            metrics.log_loss(predicted, labels),
            metrics.rmse_bins(predicted, labels, bins),
            metrics.auc(predicted, labels),
            len(scored),
            workloads.get(name),
            metrics.calibration(predicted, labels, CALIBRATION_BINS),
        )
        for name, predicted in forecasts.items()
    ]
    return Comparison(
        history.answer_count, split, retention, models, parameters, fully, history.later
    )


Calibration = dict[str, list[tuple[float, float, int]]]
"""Each model's (mean forecast, recall rate, reviews) per tenth of the forecast's range."""


def calibration(connection: sqlite3.Connection) -> Calibration | TooLittle:
    """The stats screen's chart: each model's forecasts against recall, and nothing else (kept
    while the log is unchanged, so the screen opened again draws it at once)."""
    return _calibrations.get(connection, lambda: _calibration(connection))


_calibrations: LastResult[Calibration | TooLittle] = LastResult()


def _calibration(connection: sqlite3.Connection) -> Calibration | TooLittle:
    history = read_history(connection)
    if len(history.reviews) < MIN_REVIEWS:
        return TooLittle(len(history.reviews))
    split, forecasts, _ = _forecasts(history)
    labels = [review.recalled for review in history.reviews[split:]]
    return {
        name: metrics.calibration(predicted, labels, CALIBRATION_BINS)
        for name, predicted in forecasts.items()
    }


def _forecasts(history: History) -> tuple[int, dict[str, list[float]], bool]:
    """Where the time-ordered split falls, each model's forecasts of the later half, and
    whether the earlier half let every parameter be fitted."""
    split = len(history.reviews) // 2
    per_card = [card_reviews(answers) for answers in history.answers]
    items = [FSRSItem(reviews) for reviews in per_card]
    split_fit = fit_parameters(history, history.reviews[:split], per_card)
    return (
        split,
        {
            SM2_NAME: sm2_predictions(history, split),
            FSRS_DEFAULT_NAME: fsrs_predictions(history, DEFAULT_PARAMETERS, items, split),
            FSRS_FITTED_NAME: fsrs_predictions(history, split_fit, items, split),
        },
        fully_fittable(fsrs_items(history, history.reviews[:split], per_card)),
    )


def _workloads(
    connection: sqlite3.Connection,
    history: History,
    today: date,
    parameters: list[float],
    retention: float,
) -> dict[str, Workload]:
    schedules = _studied_schedules(connection, today)
    studied = [index for index, card in enumerate(history.card_ids) if card in schedules]
    sample = sorted(random.Random(SEED).sample(studied, min(len(studied), SAMPLE_CARDS)))
    fitted = memories(history, parameters, sample)
    default = memories(history, DEFAULT_PARAMETERS, sample)
    cards = [
        StartingCard(schedules[history.card_ids[card]], memory, default_memory)
        for card, memory, default_memory in zip(sample, fitted, default, strict=True)
    ]
    scale = len(studied) / len(sample) if sample else 0.0
    grades = [history.answers[review.card][review.position].grade for review in history.reviews]
    return {
        name: simulate(cards, today, parameters, scheduling, retention, grades).scaled(scale)
        for name, scheduling in SCHEDULING.items()
    }


def _studied_schedules(connection: sqlite3.Connection, today: date) -> dict[str, SM2State]:
    """The SM-2 schedule on study day `today` of every card in the queues that had been
    answered by then: a card answered later had the schedule its first later answer started
    from."""
    rows = connection.execute(
        "SELECT c.id, c.repetitions, c.easiness_pct, c.interval, c.due FROM card c "
        "JOIN note n ON n.id = c.note_id WHERE c.active = 1 AND n.active = 1 "
        "AND c.suspended = 0"
    )
    schedules: dict[str, tuple[int, int, int, object]] = {
        card_id: (repetitions, easiness, interval, due)
        for card_id, repetitions, easiness, interval, due in rows
    }
    later = connection.execute(
        "SELECT card_id, repetitions_before, easiness_before, interval_before, due_before "
        "FROM review_log WHERE day > ? ORDER BY id DESC",
        (today.isoformat(),),
    )
    for card_id, *before in later:  # latest first, so each card ends on its first later answer
        if card_id in schedules:
            schedules[card_id] = (before[0], before[1], before[2], before[3])
    return {
        card_id: SM2State(repetitions, easiness, interval, stored_day(due))
        for card_id, (repetitions, easiness, interval, due) in schedules.items()
        if due is not None
    }

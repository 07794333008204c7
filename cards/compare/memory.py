"""One card's memory as FSRS sees it: stability, difficulty and recall today, under parameters
fitted to the whole review history.

Fitting reads every answer, so the fitted parameters are kept for as long as the log is
unchanged (`cards.compare.cache`): card info opened on card after card fits once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from cards.compare.cache import LastResult
from cards.compare.events import read_history
from cards.compare.fitting import MIN_FIT_REVIEWS, fit_parameters, fsrs_items, fully_fittable
from cards.compare.predictions import fsrs_scheduler, memories, retrievability


@dataclass(frozen=True, slots=True)
class CardMemory:
    """FSRS's view of one card today."""

    stability: float
    """Days until its recall falls to 90%."""
    difficulty: float
    """From 1 (easiest) to 10 (hardest)."""
    recall: float
    """The forecast chance of recalling it today."""
    fully_fitted: bool = True
    """Whether every parameter was fitted, not only the first-day stabilities."""


@dataclass(frozen=True, slots=True)
class NotFitted:
    """Too few scored reviews to fit FSRS, or a card never answered."""

    reviews: int
    needed: int


@dataclass(frozen=True, slots=True)
class Fitted:
    """FSRS's parameters fitted to the history, and whether all of them were: with too few
    cards reviewed on later days, fsrs-rs fits the first-day stabilities and keeps the rest."""

    parameters: list[float]
    fully: bool


_fitted: LastResult[Fitted | NotFitted] = LastResult()


def fitted_parameters(connection: sqlite3.Connection) -> Fitted | NotFitted:
    """FSRS fitted to every scored review of the collection (kept while the log is unchanged)."""

    def fit() -> Fitted | NotFitted:
        history = read_history(connection)
        if len(history.reviews) < MIN_FIT_REVIEWS:
            return NotFitted(len(history.reviews), MIN_FIT_REVIEWS)
        fully = fully_fittable(fsrs_items(history, history.reviews))
        return Fitted(fit_parameters(history, history.reviews), fully)

    return _fitted.get(connection, fit)


def card_memory(
    connection: sqlite3.Connection, card_id: str, today: date
) -> CardMemory | NotFitted | None:
    """The card's FSRS memory today under the fitted parameters (None: never answered)."""
    fitted = fitted_parameters(connection)
    if isinstance(fitted, NotFitted):
        return fitted
    parameters = fitted.parameters
    history = read_history(connection, card_ids=[card_id])
    if not history.card_ids:
        return None
    (card,) = memories(history, parameters, [0])
    assert card.stability is not None
    assert card.difficulty is not None
    recall = retrievability(fsrs_scheduler(parameters), card, today.toordinal())
    return CardMemory(card.stability, card.difficulty, recall, fitted.fully)

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
from cards.compare.fitting import MIN_FIT_REVIEWS, fit_parameters
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


@dataclass(frozen=True, slots=True)
class NotFitted:
    """Too few scored reviews to fit FSRS, or a card never answered."""

    reviews: int
    needed: int


_fitted: LastResult[list[float] | NotFitted] = LastResult()


def fitted_parameters(connection: sqlite3.Connection) -> list[float] | NotFitted:
    """FSRS fitted to every scored review of the collection (kept while the log is unchanged)."""

    def fit() -> list[float] | NotFitted:
        history = read_history(connection)
        if len(history.reviews) < MIN_FIT_REVIEWS:
            return NotFitted(len(history.reviews), MIN_FIT_REVIEWS)
        return fit_parameters(history, history.reviews)

    return _fitted.get(connection, fit)


def card_memory(
    connection: sqlite3.Connection, card_id: str, today: date
) -> CardMemory | NotFitted | None:
    """The card's FSRS memory today under the fitted parameters (None: never answered)."""
    parameters = fitted_parameters(connection)
    if isinstance(parameters, NotFitted):
        return parameters
    history = read_history(connection, card_ids=[card_id])
    if not history.card_ids:
        return None
    (card,) = memories(history, parameters, [0])
    assert card.stability is not None
    assert card.difficulty is not None
    recall = retrievability(fsrs_scheduler(parameters), card, today.toordinal())
    return CardMemory(card.stability, card.difficulty, recall)

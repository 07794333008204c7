"""Fitting FSRS's parameters to a user's own reviews, with fsrs-rs's optimizer.

fsrs-rs learns from one item per scored review: the card's answers up to and including it, each
with its rating and the study days since the answer before (0 within a day). With fewer than 64
items it only estimates the first stabilities and keeps the rest of the defaults, so the
comparison asks for that many reviews to fit on before it calls anything fitted.
"""

from __future__ import annotations

from collections.abc import Sequence

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from cards.compare.events import History, Review
from cards.compare.predictions import card_reviews as reviews_of
from cards.errors import FlywheelError

MIN_FIT_REVIEWS = 64
"""Fewer training items than this, and fsrs-rs returns (mostly) the default parameters."""


def fsrs_items(
    history: History,
    reviews: Sequence[Review],
    known: Sequence[list[FSRSReview]] | None = None,
) -> list[FSRSItem]:
    """One fsrs-rs item per review, in the order given (`known`: each card's answers as
    fsrs-rs reviews, when already made)."""
    per_card: dict[int, list[FSRSReview]] = dict(enumerate(known)) if known else {}
    items = []
    for review in reviews:
        card_reviews = per_card.get(review.card)
        if card_reviews is None:
            card_reviews = per_card[review.card] = reviews_of(history.answers[review.card])
        items.append(FSRSItem(card_reviews[: review.position + 1]))
    return items


def fully_fittable(items: Sequence[FSRSItem]) -> bool:
    """Whether fsrs-rs fits more than the first stabilities: it trains the rest only on items
    whose card was reviewed on a later day at least twice, and needs `MIN_FIT_REVIEWS` of them."""
    return sum(item.long_term_review_cnt() >= 2 for item in items) >= MIN_FIT_REVIEWS


def fit_parameters(
    history: History,
    reviews: Sequence[Review],
    known: Sequence[list[FSRSReview]] | None = None,
) -> list[float]:
    """FSRS-6 parameters fitted to `reviews` (and the answers before them), within the bounds
    py-fsrs accepts (fsrs-rs works in 32-bit floats, which can stray past a bound's last digit)."""
    items = fsrs_items(history, reviews, known)
    try:
        fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    except ValueError as error:  # fsrs-rs refusing the items: a message, not a traceback
        raise FlywheelError(f"FSRS could not be fitted to this history ({error})") from None
    return [
        min(max(value, low), high)
        for value, low, high in zip(
            fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    ]

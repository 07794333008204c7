"""srs-benchmark's groups of like reviews, over which RMSE compares forecast and recall rate.

A review falls in a bin by three figures, each on a logarithmic scale: the days elapsed since the
card's previous answer, the card's count of answers on a later day than the one before (this
one included), and its lapses (failed such answers before this one). The scales and constants
are srs-benchmark's, as fsrs-rs computes them.
"""

from __future__ import annotations

import math

from cards.compare.events import History, rating

Bin = tuple[int, int, int]
AGAIN = 1


def review_bins(history: History) -> list[Bin]:
    """Each scored review's bin, in `history.reviews` order."""
    scored: list[dict[int, int]] = [{} for _ in history.card_ids]
    for index, review in enumerate(history.reviews):
        scored[review.card][review.position] = index
    bins: list[Bin] = [(0, 0, 0)] * len(history.reviews)
    for card_answers, card_scored in zip(history.answers, scored, strict=True):
        long_term = lapses = 0
        previous_day: int | None = None
        for position, answer in enumerate(card_answers):
            elapsed = 0 if previous_day is None else answer.day - previous_day
            if elapsed > 0:
                long_term += 1
            scored_index = card_scored.get(position)
            if scored_index is not None:
                bins[scored_index] = bin_of(elapsed, long_term, lapses)
            if elapsed > 0 and rating(answer.grade) == AGAIN:
                lapses += 1
            previous_day = answer.day
    return bins


def bin_of(elapsed: int, long_term_answers: int, lapses: int) -> Bin:
    """The bin of a review `elapsed` days after the previous answer (at least 1)."""
    elapsed_bin = round(2.48 * 3.62 ** math.floor(math.log(elapsed, 3.62)) * 100)
    length = long_term_answers + 1
    length_bin = round(1.99 * 1.89 ** math.floor(math.log(length, 1.89)))
    if lapses == 0:
        return (elapsed_bin, length_bin, 0)
    return (elapsed_bin, length_bin, round(1.65 * 1.73 ** math.floor(math.log(lapses, 1.73))))

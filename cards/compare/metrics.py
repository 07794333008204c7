"""How close forecasts came to what happened: log loss, RMSE over bins and AUC.

The three figures srs-benchmark reports. Log loss punishes confident mistakes; RMSE over bins
asks whether forecasts are calibrated, comparing the mean forecast with the recall rate within
groups of like reviews; AUC asks only whether recalled reviews were ranked above forgotten ones
(0.5 is a coin toss). Weights are optional so that fsrs-rs's recency-weighted evaluation can be
reproduced exactly; the comparison itself weighs every review alike, as srs-benchmark does.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

PROBABILITY_FLOOR = 1e-7
"""Forecasts are kept this far from 0 and 1, so that one certain mistake stays finite."""


def log_loss(
    predictions: Sequence[float], labels: Sequence[bool], weights: Sequence[float] | None = None
) -> float:
    """Mean negative log likelihood of the outcomes (lower is better)."""
    total = weight_sum = 0.0
    for index, (p, label) in enumerate(zip(predictions, labels, strict=True)):
        p = min(max(p, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
        weight = 1.0 if weights is None else weights[index]
        total -= weight * (math.log(p) if label else math.log(1.0 - p))
        weight_sum += weight
    return total / weight_sum


def rmse_bins(
    predictions: Sequence[float],
    labels: Sequence[bool],
    bins: Sequence[Hashable],
    weights: Sequence[float] | None = None,
) -> float:
    """Root mean square gap between mean forecast and recall rate per bin, each bin weighted
    by its reviews (or their weights)."""
    sums: dict[Hashable, list[float]] = {}
    for index, (p, label, key) in enumerate(zip(predictions, labels, bins, strict=True)):
        cell = sums.get(key)
        if cell is None:
            cell = sums[key] = [0.0, 0.0, 0.0, 0.0]
        cell[0] += p
        cell[1] += label
        cell[2] += 1.0
        cell[3] += 1.0 if weights is None else weights[index]
    squares = sum((p / n - y / n) ** 2 * w for p, y, n, w in sums.values())
    return math.sqrt(squares / sum(cell[3] for cell in sums.values()))


def auc(predictions: Sequence[float], labels: Sequence[bool]) -> float | None:
    """The chance that a recalled review was forecast higher than a forgotten one (ties count
    half); None when every review had the same outcome."""
    positives = sum(1 for label in labels if label)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    ranked = sorted(zip(predictions, labels, strict=True))
    rank_sum = 0.0
    start = 0
    while start < len(ranked):
        end = start
        while end + 1 < len(ranked) and ranked[end + 1][0] == ranked[start][0]:
            end += 1
        mean_rank = (start + end) / 2 + 1
        rank_sum += mean_rank * sum(1 for _, label in ranked[start : end + 1] if label)
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def recency_weights(count: int) -> list[float]:
    """fsrs-rs's weights for reviews in time order: from 0.25 for the oldest to 1 for the latest."""
    length = max(count - 1, 1)
    return [0.25 + 0.75 * (index / length) ** 3 for index in range(count)]


def calibration(
    predictions: Sequence[float], labels: Sequence[bool], bins: int
) -> list[tuple[float, float, int]]:
    """(mean forecast, recall rate, reviews) of the reviews forecast in each of `bins` equal
    slices of 0 to 1, empty slices left out: a calibrated model's points lie on the diagonal."""
    sums = [[0.0, 0, 0] for _ in range(bins)]
    for p, label in zip(predictions, labels, strict=True):
        cell = sums[min(int(p * bins), bins - 1)]
        cell[0] += p
        cell[1] += label
        cell[2] += 1
    return [(p / n, y / n, int(n)) for p, y, n in sums if n]

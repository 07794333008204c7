"""The work each scheduler would ask for: reviews a day, simulated from the fitted model.

The fitted FSRS model stands in for the user's memory: each simulated card starts where the
user's card is now, and each review is recalled with the fitted model's forecast and graded
from the user's own grades (the passing ones when recalled, the failing ones when not). SM-2
schedules by its rule from each card's current schedule; FSRS with its default or its fitted
parameters schedules for the retention SM-2 actually achieved, so the three are compared at
the same recall. Only the cards already studied are simulated (new cards would add the same to
each); the caller passes a fixed-seed sample of at most `SAMPLE_CARDS` and scales the figures up.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from cards.compare.events import rating, recalled
from cards.compare.predictions import day_moment, fsrs_scheduler
from cards.schedule.sm2 import MAX_INTERVAL, SM2State
from cards.schedule.sm2 import review as sm2_review

SAMPLE_CARDS = 400
SEED = 20_231_127
HORIZONS = (30, 365)

Scheduling = Literal["sm2", "fsrs-default", "fsrs-fitted"]


@dataclass(frozen=True, slots=True)
class StartingCard:
    """One studied card as it stands today: its SM-2 schedule and its FSRS memory under the
    fitted and the default parameters."""

    sm2: SM2State
    memory: Card
    default_memory: Card


@dataclass(frozen=True, slots=True)
class Workload:
    """Mean reviews a day over the next 30 and 365 days."""

    next_30_days: float
    next_365_days: float

    def scaled(self, factor: float) -> Workload:
        """The same for `factor` times as many cards (a sample's figures for the whole)."""
        return Workload(self.next_30_days * factor, self.next_365_days * factor)


RETENTION_RANGE = (0.5, 0.99)
"""The recall FSRS is asked to aim at, whatever SM-2 achieved: at 100% every interval would be
0 days, at 0% infinite."""


def interval_days(scheduler: Scheduler, stability: float, retention: float) -> int:
    """Days until FSRS's forecast falls to `retention`, from 1 to SM-2's longest interval."""
    low, high = RETENTION_RANGE
    aim = min(max(retention, low), high)
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    days = stability / factor * (aim ** (1 / decay) - 1)
    return int(min(max(round(days), 1), MAX_INTERVAL))


def simulate(
    cards: Sequence[StartingCard],
    today: date,
    fitted: Sequence[float],
    scheduler: Scheduling,
    retention: float,
    grades: Sequence[int],
) -> Workload:
    """Reviews a day (the first answers of each day) when `scheduler` schedules `cards`.

    Args:
        fitted: The fitted parameters, which decide what is recalled.
        retention: The recall FSRS schedules for.
        grades: The user's grades of scored reviews, sampled for each simulated answer.
    """
    rng = random.Random(SEED)
    sample = list(cards)
    passing = [grade for grade in grades if recalled(grade)] or [4]
    failing = [grade for grade in grades if not recalled(grade)] or [1]
    memory_model = fsrs_scheduler(fitted)
    own = fsrs_scheduler(DEFAULT_PARAMETERS) if scheduler == "fsrs-default" else memory_model
    start = today.toordinal()
    horizon = max(HORIZONS)
    memories = [card.memory for card in sample]
    own_memories = [card.default_memory for card in sample] if own is not memory_model else []
    queue = []
    for index, card in enumerate(sample):
        if scheduler == "sm2":
            due = card.sm2.due.toordinal() if card.sm2.due is not None else start
        else:
            memory = own_memories[index] if own_memories else memories[index]
            due = _last_day(memory) + interval_days(own, _stability(memory), retention)
        queue.append((max(start, due), index))
    heapq.heapify(queue)
    sm2_states = [card.sm2 for card in sample]
    per_day = [0] * horizon
    while queue and queue[0][0] < start + horizon:
        day, index = heapq.heappop(queue)
        moment = day_moment(day)
        recall = memory_model.get_card_retrievability(memories[index], moment)
        grade = rng.choice(passing if rng.random() < recall else failing)
        answer = Rating(rating(grade))
        memories[index], _ = memory_model.review_card(memories[index], answer, moment)
        if scheduler == "sm2":
            sm2_states[index] = sm2_review(sm2_states[index], grade, date.fromordinal(day))
            interval = sm2_states[index].interval
        elif own_memories:
            own_memories[index], _ = own.review_card(own_memories[index], answer, moment)
            interval = interval_days(own, _stability(own_memories[index]), retention)
        else:
            interval = interval_days(own, _stability(memories[index]), retention)
        per_day[day - start] += 1
        heapq.heappush(queue, (day + interval, index))
    first, whole = HORIZONS
    return Workload(sum(per_day[:first]) / first, sum(per_day[:whole]) / whole)


def _last_day(card: Card) -> int:
    assert card.last_review is not None
    return card.last_review.date().toordinal()


def _stability(card: Card) -> float:
    assert card.stability is not None
    return card.stability

"""Each model's forecast of recall before every scored review.

SM-2 makes no forecast of its own; srs-benchmark scores it as p = 0.9^(elapsed / interval), the
recall SM-2's intervals assume (90% when a card is answered on its due day). FSRS forecasts from
its memory state, replayed here with py-fsrs. py-fsrs counts elapsed days in 24-hour periods of
UTC-aware times, so each answer is given at midnight UTC of its study day's date: a local
rollover time would make a 23-hour day at a daylight-saving change count as none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler

from cards.compare.events import Answer, History, rating

SM2_RECALL_AT_INTERVAL = 0.9
FSRS_CARD_ID = 1
"""py-fsrs stamps a card without an id with the clock (and sleeps 1 ms); ours need none."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sm2_predictions(history: History) -> list[float]:
    """SM-2's recall forecast before each scored review, in `history.reviews` order."""
    answers = history.answers
    return [
        SM2_RECALL_AT_INTERVAL ** (review.elapsed / answers[review.card][review.position].interval)
        for review in history.reviews
    ]


@lru_cache(maxsize=4096)
def day_moment(day: int) -> datetime:
    """The time py-fsrs is given for an answer on study day `day` (an ordinal)."""
    return datetime.combine(date.fromordinal(day), datetime.min.time(), tzinfo=UTC)


def fsrs_scheduler(parameters: Sequence[float], desired_retention: float = 0.9) -> Scheduler:
    """py-fsrs as the comparison runs it: no learning steps, no fuzz."""
    return Scheduler(
        parameters=tuple(parameters),
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )


@dataclass(frozen=True, slots=True)
class FsrsReplay:
    """FSRS's forecasts before the scored reviews, and each card's state after its answers."""

    predictions: list[float]
    cards: list[Card]


def fsrs_replay(history: History, parameters: Sequence[float]) -> FsrsReplay:
    """Replay every answer through py-fsrs with `parameters`.

    Returns:
        The forecast before each scored review, in `history.reviews` order, and each card's
        final state, in `history.card_ids` order.
    """
    scheduler = fsrs_scheduler(parameters)
    scored: list[dict[int, int]] = [{} for _ in history.card_ids]
    for index, review in enumerate(history.reviews):
        scored[review.card][review.position] = index
    predictions = [0.0] * len(history.reviews)
    cards = [
        _replay_card(scheduler, answers, card_scored, predictions)
        for answers, card_scored in zip(history.answers, scored, strict=True)
    ]
    return FsrsReplay(predictions, cards)


def memories(history: History, parameters: Sequence[float], cards: Sequence[int]) -> list[Card]:
    """The FSRS state of each of `cards` (indexes into `history.card_ids`) after its answers."""
    scheduler = fsrs_scheduler(parameters)
    return [_replay_card(scheduler, history.answers[card], {}, []) for card in cards]


_RATINGS = [Rating(value) for value in range(1, 5)]


def _replay_card(
    scheduler: Scheduler, answers: list[Answer], scored: dict[int, int], predictions: list[float]
) -> Card:
    """One card's answers through `scheduler`, writing the forecast before each scored one."""
    card = Card(card_id=FSRS_CARD_ID, due=_EPOCH)
    for position, answer in enumerate(answers):
        moment = day_moment(answer.day)
        index = scored.get(position)
        if index is not None:
            predictions[index] = scheduler.get_card_retrievability(card, moment)
        card, _ = scheduler.review_card(card, _RATINGS[rating(answer.grade) - 1], moment)
    return card


def retrievability(scheduler: Scheduler, card: Card, day: int) -> float:
    """A card's recall forecast on study day `day` (0 for a card never answered)."""
    return scheduler.get_card_retrievability(card, day_moment(day))


def days_until_due(card: Card, day: int) -> int:
    """Whole days from study day `day` to the card's due time (negative when overdue)."""
    return (card.due - day_moment(day)) // timedelta(days=1)

"""Each model's forecast of recall before every scored review.

SM-2 makes no forecast of its own; srs-benchmark scores it as p = 0.9^(elapsed / interval), the
recall SM-2's intervals assume (90% when a card is answered on its due day). FSRS forecasts from
its memory state. py-fsrs counts elapsed days in 24-hour periods of UTC-aware times, so each
answer is given to it at midnight UTC of its study day's date: a local rollover time would make
a 23-hour day at a daylight-saving change count as none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache

from fsrs import Card, Rating, Scheduler
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from cards.compare.events import Answer, History, rating

SM2_RECALL_AT_INTERVAL = 0.9
FSRS_CARD_ID = 1
"""py-fsrs stamps a card without an id with the clock (and sleeps 1 ms); ours need none."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sm2_predictions(history: History, start: int = 0) -> list[float]:
    """SM-2's recall forecast before each scored review from `start` on, in order."""
    answers = history.answers
    return [
        SM2_RECALL_AT_INTERVAL ** (review.elapsed / answers[review.card][review.position].interval)
        for review in history.reviews[start:]
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


def card_items(history: History) -> list[FSRSItem]:
    """Every card's answers as one fsrs-rs item, in `history.card_ids` order."""
    return [FSRSItem(card_reviews(answers)) for answers in history.answers]


def fsrs_predictions(
    history: History,
    parameters: Sequence[float],
    items: list[FSRSItem] | None = None,
    start: int = 0,
) -> list[float]:
    """FSRS's recall forecast before each scored review from `start` on, in order.

    The memory states come from fsrs-rs (every card's answers in one call, twenty times faster
    than replaying them in Python); the forecast is FSRS-6's forgetting curve at the elapsed
    study days. py-fsrs, which card info and the workload use, gives the same states (a test
    holds the two to each other). `items`: `card_items(history)`, when already made.
    """
    every_card = card_items(history) if items is None else items
    states = FSRS(list(parameters)).historical_memory_state_batch(every_card)
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return [
        (1 + factor * review.elapsed / states[review.card][review.position - 1].stability) ** decay
        for review in history.reviews[start:]
    ]


def card_reviews(answers: Sequence[Answer]) -> list[FSRSReview]:
    """A card's answers as fsrs-rs takes them: rating and study days since the answer before."""
    reviews = []
    previous_day: int | None = None
    for answer in answers:
        elapsed = 0 if previous_day is None else answer.day - previous_day
        reviews.append(FSRSReview(rating(answer.grade), max(0, elapsed)))
        previous_day = answer.day
    return reviews


def memories(history: History, parameters: Sequence[float], cards: Sequence[int]) -> list[Card]:
    """The FSRS state of each of `cards` (indexes into `history.card_ids`) after its answers,
    replayed by py-fsrs."""
    scheduler = fsrs_scheduler(parameters)
    return [_replay_card(scheduler, history.answers[card]) for card in cards]


_RATINGS = [Rating(value) for value in range(1, 5)]


def _replay_card(scheduler: Scheduler, answers: list[Answer]) -> Card:
    card = Card(card_id=FSRS_CARD_ID, due=_EPOCH)
    for answer in answers:
        moment = day_moment(answer.day)
        card, _ = scheduler.review_card(card, _RATINGS[rating(answer.grade) - 1], moment)
    return card


def retrievability(scheduler: Scheduler, card: Card, day: int) -> float:
    """A card's recall forecast on study day `day` (0 for a card never answered)."""
    return scheduler.get_card_retrievability(card, day_moment(day))

"""A simulated learner who answers weeks of reviews through the real queue and store.

Its memory follows neither SM-2 nor FSRS: each card has its own difficulty, recall decays
exponentially with the days since the card was last seen, and every successful review
multiplies the memory's strength by a factor that is smaller for harder cards. A model that
learns from the grades (fitted FSRS) should forecast it better than SM-2's fixed 90% at the
scheduled interval.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from cards.schedule.queue import Limits
from cards.store.store import Store

START = date(2026, 1, 5)
RUN_DAYS = 49


def deck_text(notes: int, name: str = "Sim::Words") -> str:
    """A deck file of `notes` basic notes."""
    lines = [f'name = "{name}"', f'description = "{notes} simulated notes."', ""]
    slug = name.split("::")[-1].lower()
    for number in range(notes):
        lines += [
            "[[notes]]",
            f'id = "{slug}/n{number:04d}"',
            'kind = "basic"',
            f'en.front = "Word {number} of {name}?"',
            f'en.back = "Meaning {number}"',
            "",
        ]
    return "\n".join(lines)


@dataclass
class Memory:
    """The learner's memory of one card."""

    difficulty: float
    strength: float = 0.0
    last_seen: int | None = None


@dataclass
class Learner:
    """Answers as a person with exponential forgetting and per-card difficulty would."""

    seed: int = 7
    rng: random.Random = field(init=False)
    memory: dict[str, Memory] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def days_off(self, offset: int) -> tuple[int, ...]:
        """Days of the week without study: the weekend, every other week (so reviews come
        late by varying amounts)."""
        return (5, 6) if (offset // 7) % 2 else ()

    def grade(self, card_id: str, day: int) -> int:
        card = self.memory.get(card_id)
        if card is None:
            card = self.memory[card_id] = Memory(self.rng.lognormvariate(0.0, 0.6))
        if card.last_seen is None:
            recall = 0.35 / card.difficulty
        elif card.last_seen == day:
            recall = 0.85
        else:
            recall = math.exp(-(day - card.last_seen) / card.strength)
        remembered = self.rng.random() < recall
        if card.last_seen != day:
            if remembered:
                growth = 1.0 + 3.5 / card.difficulty
                card.strength = max(card.strength, 1.5) * growth
            else:
                card.strength = max(0.8, card.strength * 0.35)
        card.last_seen = day
        if not remembered:
            return 2 if recall > 0.5 else self.rng.choice((0, 1))
        return 5 if recall > 0.9 else (4 if recall > 0.55 else 3)


def answer_days(store: Store, learner: Learner, start: date = START, days: int = RUN_DAYS) -> int:
    """Work through each day's whole queue (drill included); returns the answers given."""
    given = 0
    for offset in range(days):
        if offset % 7 in learner.days_off(offset):
            continue
        today = start + timedelta(days=offset)
        now = datetime.combine(today, time(12), tzinfo=UTC)
        while queue := store.queue(today):
            card_id = queue[0].card_id
            store.answer(card_id, learner.grade(card_id, today.toordinal()), today, now)
            given += 1
    return given


def build_collection(
    database: Path, deck: Path, notes: int, new_per_day: int, days: int = RUN_DAYS
) -> int:
    """A collection at `database` with `notes` notes answered for `days` days by a learner."""
    deck.write_text(deck_text(notes), encoding="utf-8")
    with Store.open(database, Limits(new_per_day=new_per_day, reviews_per_day=10_000)) as store:
        store.sync([deck])
        return answer_days(store, Learner(), days=days)

"""An answer asks only its own card's place in the queue; it must agree with the whole queue.

Over several study days of a collection with global and per-deck limits, nested decks, siblings,
suspended and buried cards, drills, undone answers and notes added from Flywheel, every card's
`card_kind` is compared with what `queue_items` lists for the card's deck, under several limits.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.deck_limits import DeckLimit
from cards.schedule.queue import Limits, QueueKind, queue_items
from cards.schedule.queue_card import card_kind
from cards.store.rows import LOG_SELECT, log_entry
from cards.store.store import Store
from tests.sql import run_sql, sql

DAY = date(2026, 1, 15)
FILES = {"lang": "Lang", "korean": "Lang::Korean", "korean2": "Lang::Korean", "geo": "Geo"}

LIMITS = [
    Limits(new_per_day=3, reviews_per_day=9),
    Limits(
        new_per_day=5,
        reviews_per_day=12,
        decks=(
            DeckLimit("Lang", new_per_day=3, reviews_per_day=6),
            DeckLimit("Lang::Korean", new_per_day=1),
            DeckLimit("Geo", reviews_per_day=2),
        ),
    ),
    Limits(
        new_per_day=2,
        reviews_per_day=7,
        ahead_days=3,
        extra_new=2,
        decks=(DeckLimit("lang::korean", reviews_per_day=2),),
    ),
    Limits(),
]


def deck_text(name: str, prefix: str) -> str:
    """Six notes: basic, reverse and cloze, so most notes have siblings."""
    notes = [f'name = "{name}"\n']
    for number in range(6):
        kind = ("basic", "reverse", "cloze")[number % 3]
        notes.append(f'[[notes]]\nid = "{prefix}/n{number}"\nkind = "{kind}"\n')
        if kind == "cloze":
            notes.append(f'en.text = "{{{{c1::one}}}} {{{{c2::two}}}} {{{{c3::{number}}}}}"\n')
        else:
            notes.append(f'en.front = "front {number}"\nen.back = "back {number}"\n')
    return "\n".join(notes)


def expected(store: Store, day: date, limits: Limits) -> dict[str, QueueKind | None]:
    """Each card's kind in its own deck's full queue (None: not listed)."""
    with sql(store) as db:
        decks = dict(db.execute("SELECT c.id, n.deck FROM card c JOIN note n ON n.id = c.note_id"))
        queues = {
            deck: {item.card_id: item.kind for item in queue_items(db, day, limits, deck)}
            for deck in set(decks.values())
        }
    return {card: queues[deck].get(card) for card, deck in decks.items()}


def assert_agrees(store: Store, day: date) -> None:
    for limits in LIMITS:
        queue = expected(store, day, limits)
        with sql(store) as db:
            asked = {card: card_kind(db, day, limits, card) for card in queue}
        assert asked == queue, limits


def step(store: Store, rng: random.Random, day: date, now: datetime) -> None:
    """One thing a user might do: mostly answer a listed card, sometimes put one aside."""
    with sql(store) as db:
        choice = rng.random()
        if choice < 0.7:
            deck = rng.choice([None, *FILES.values()])
            queue = list(queue_items(db, day, store.limits, deck))
            if queue:
                item = rng.choice(queue[:3])
                answered = store.answer(item.card_id, rng.choice([1, 2, 3, 4, 4, 5, 5]), day, now)
                assert answered.kind == item.kind
        elif choice < 0.95:
            card = rng.choice([row[0] for row in db.execute("SELECT id FROM card ORDER BY id")])
            action = rng.choice(["suspend", "unsuspend", "bury", "undo"])
            if action == "bury":
                store.bury(card, day)
            elif action == "undo":
                with contextlib.suppress(FlywheelError):  # the latest action's card changed since
                    store.undo()
            else:
                store.set_suspended(card, action == "suspend", day)
        else:
            unseen = "SELECT note_id FROM card GROUP BY note_id HAVING max(reviews) = 0 ORDER BY 1"
            notes = [row[0] for row in db.execute(unseen)]
            if notes:
                store.mark_added(rng.choice(notes), day)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_cards_kind_agrees_with_its_decks_queue_over_study_days(
    tmp_path: Path, write_deck: Callable[..., Path], seed: int
) -> None:
    paths = [write_deck(deck_text(name, stem), f"{stem}.toml") for stem, name in FILES.items()]
    rng = random.Random(seed)
    with Store.open(tmp_path / "c.db", LIMITS[1]) as store:
        store.sync(paths)
        for offset in range(0, 12, rng.choice([1, 2])):
            day = DAY + timedelta(days=offset)
            now = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
            assert_agrees(store, day)
            for number in range(24):
                step(store, rng, day, now)
                if number % 6 == 5:
                    assert_agrees(store, day)


def test_a_card_the_limits_leave_out_is_refused_though_its_deck_has_room(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    paths = [write_deck(deck_text(name, stem), f"{stem}.toml") for stem, name in FILES.items()]
    limits = Limits(new_per_day=4, decks=(DeckLimit("Lang::Korean", new_per_day=1),))
    with Store.open(tmp_path / "c.db", limits) as store:
        store.sync(paths)
        now = datetime(2026, 1, 15, 9, tzinfo=UTC)
        korean = [item.card_id for item in store.queue(DAY, "Lang::Korean")]
        assert korean == ["korean/n0#fwd"]
        with sql(store) as db:
            assert card_kind(db, DAY, limits, "korean/n0#fwd") == "new"
            assert card_kind(db, DAY, limits, "korean/n1#fwd") is None
            assert card_kind(db, DAY, limits, "geo/n0#fwd") == "new"  # first of Geo
        store.answer("korean/n0#fwd", 4, DAY, now)
        with pytest.raises(FlywheelError, match="not in today's queue"):
            store.answer("korean/n1#fwd", 4, DAY, now)
        assert store.answer("geo/n0#fwd", 4, DAY, now).kind == "new"


def test_an_answers_entry_is_the_log_row_it_wrote(store: Store) -> None:
    now = datetime(2026, 1, 15, 9, 30, 1, 123456, tzinfo=UTC)
    answers = [
        (DAY, 2, 3.25, "new"),
        (DAY, 5, None, "drill"),
        (DAY + timedelta(days=1), 4, 700.0, "review"),
    ]
    for day, grade, seconds, kind in answers:
        answered = store.answer("test/capital#fwd", grade, day, now, seconds)
        (row,) = run_sql(store, f"{LOG_SELECT} WHERE id = ?", (answered.entry.id,))
        assert answered.kind == kind
        assert answered.entry == log_entry(row)

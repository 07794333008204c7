"""The order of a day's due reviews: the most overdue first; cards due on the same day in an
order shuffled by the study day, so decks are interleaved rather than taken in blocks, and the
same order comes back when the collection is opened again on that day."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from cards.schedule.queue import Limits
from cards.store.store import Store

DAY = date(2026, 1, 15)
DECKS = ("Alpha", "Beta", "Gamma")


def deck_text(name: str, notes: int = 12) -> str:
    lines = [f'name = "{name}"\n']
    for number in range(notes):
        lines.append(f'[[notes]]\nid = "{name.lower()}/n{number:02}"\nkind = "basic"\n')
        lines.append(f'en.front = "{name} front {number}"\nen.back = "back {number}"\n')
    return "\n".join(lines)


def learned(tmp_path: Path, write_deck: Callable[..., Path]) -> Path:
    """Three decks of twelve cards, every card learned on DAY (so all fall due on DAY + 1), but
    the last card of each deck, learned a day before (so more overdue from then on)."""
    files = [write_deck(deck_text(name), f"{name.lower()}.toml") for name in DECKS]
    path = tmp_path / "c.db"
    with Store.open(path, Limits(new_per_day=100)) as store:
        store.sync(files)
        for day in (DAY - timedelta(days=1), DAY):
            for item in store.queue(day):
                if item.kind == "new" and (item.card_id.endswith("n11#fwd") == (day < DAY)):
                    moment = datetime.combine(day, time(9), UTC)
                    store.answer(item.card_id, 4, day, moment)
    return path


def due_order(path: Path, day: date, deck: str | None = None) -> list[str]:
    with Store.open(path, Limits(new_per_day=0)) as store:
        return [i.card_id for i in store.queue(day, deck) if i.kind == "review"]


def deck_switches(order: list[str]) -> int:
    return sum(a.split("/")[0] != b.split("/")[0] for a, b in itertools.pairwise(order))


def test_the_most_overdue_come_first_then_the_decks_interleaved(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    path = learned(tmp_path, write_deck)
    order = due_order(path, DAY + timedelta(days=2))
    assert len(order) == 36
    assert sorted(order[:3]) == ["alpha/n11#fwd", "beta/n11#fwd", "gamma/n11#fwd"]
    rest = order[3:]
    assert rest != sorted(rest)  # not in card-id order
    assert deck_switches(rest) >= 12  # blocks of one deck would switch twice


def test_the_order_survives_opening_again_and_changes_with_the_day(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    path = learned(tmp_path, write_deck)
    first = due_order(path, DAY + timedelta(days=2))
    assert due_order(path, DAY + timedelta(days=2)) == first
    assert due_order(path, DAY + timedelta(days=3)) != first
    assert due_order(path, DAY + timedelta(days=2), "Beta") == [
        c for c in first if c.startswith("beta/")
    ]


def test_a_day_with_more_due_than_the_limit_draws_from_every_deck(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    path = learned(tmp_path, write_deck)
    with Store.open(path, Limits(new_per_day=0, reviews_per_day=9)) as store:
        taken = [i.card_id for i in store.queue(DAY + timedelta(days=1)) if i.kind == "review"]
    assert len(taken) == 9
    # The three most overdue first, then six of the 33 due a day later: not one deck's first six.
    assert {card.split("/")[0] for card in taken[3:]} == {"alpha", "beta", "gamma"}

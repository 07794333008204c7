"""An answer that draws the next card before asking the store (`read_queue=False`) foresees the
very queue the store then gives: over sittings of random grades, with due reviews, new cards,
the drill, leeches, siblings and daily limits of the whole collection and of one deck."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.schedule.deck_limits import DeckLimit
from cards.schedule.queue import Limits, QueueItem
from cards.store.session import ReviewSession
from cards.store.store import Store
from tests.sql import watched

DAY = date(2026, 1, 15)
KINDS = ("basic", "reverse", "cloze")


def deck_text(name: str, prefix: str, notes: int, rng: random.Random) -> str:
    parts = [f'name = "{name}"\n']
    for number in range(notes):
        kind = rng.choice(KINDS)
        body = (
            f'en.text = "one {{{{c1::{number}}}}} two {{{{c2::{number + 1}}}}}"'
            if kind == "cloze"
            else f'en.front = "q{number}"\nen.back = "a{number}"'
        )
        parts.append(f'[[notes]]\nid = "{prefix}/n{number}"\nkind = "{kind}"\n{body}\n')
    return "\n".join(parts)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def history(store: Store, rng: random.Random) -> None:
    """Earlier days' answers, so some cards are due today and some lapse into leeches."""
    for back in range(12, 0, -1):
        day = DAY - timedelta(days=back)
        for item in store.queue(day):
            if item.kind != "drill" and rng.random() < 0.8:
                store.answer(item.card_id, rng.choice((0, 1, 3, 4, 5)), day, at(day))


LIMITS = [
    Limits(new_per_day=6, reviews_per_day=30, leech_threshold=2),
    Limits(new_per_day=20, reviews_per_day=9, leech_threshold=2),
    Limits(
        new_per_day=10,
        reviews_per_day=40,
        leech_threshold=2,
        decks=(DeckLimit("Alpha", new_per_day=2, reviews_per_day=3),),
    ),
]


@pytest.mark.parametrize("seed", range(6))
def test_the_foreseen_queue_is_the_stores(
    tmp_path: Path, write_deck: Callable[..., Path], seed: int
) -> None:
    rng = random.Random(seed)
    decks = [
        write_deck(deck_text("Alpha", "a", 14, rng), "alpha.toml"),
        write_deck(deck_text("Beta", "b", 14, rng), "beta.toml"),
    ]
    limits = LIMITS[seed % len(LIMITS)]
    with Store.open(tmp_path / "c.db", limits) as store:
        store.sync(decks)
        history(store, rng)
        deck = "Alpha" if seed % 2 else None
        session = ReviewSession(store, DAY, lambda: at(DAY), deck)
        foreseen_answers = 0
        while session.current is not None:
            session.answer(rng.choice((0, 1, 2, 3, 4, 5, 5)), read_queue=False)
            foreseen_answers += session.unsettled
            foreseen = list(session.queue)
            assert foreseen == store.queue(DAY, deck)
            assert session.settle() is False
            assert session.queue == foreseen
            assert not session.unsettled
        assert foreseen_answers >= 5


def test_a_card_made_a_leech_leaves_the_foreseen_queue(tmp_path: Path, deck: Path) -> None:
    with Store.open(tmp_path / "c.db", Limits(leech_threshold=1)) as store:
        store.sync([deck])
        before = DAY - timedelta(days=2)
        store.answer("test/capital#fwd", 4, before, at(before))  # due again the next day
        session = ReviewSession(store, DAY, lambda: at(DAY))
        assert session.current is not None
        assert session.current.kind == "review"
        assert session.answer(0, read_queue=False).became_leech
        assert session.unsettled
        assert session.queue == store.queue(DAY)
        assert "test/capital#fwd" not in [item.card_id for item in session.queue]


def test_a_foreseen_answer_reads_no_queue_and_settling_reads_it_once(
    tmp_path: Path, deck: Path
) -> None:
    """The answer's transaction and the next card need no walk of today's queue; the walk comes
    once, when the screen settles after its paint."""
    with watched(tmp_path / "c.db", Limits(new_per_day=20)) as (store, _writer):
        store.sync([deck])
        session = ReviewSession(store, DAY, lambda: at(DAY))
        reads: list[str] = []
        store._reader.set_trace_callback(reads.append)
        try:
            session.answer(4, read_queue=False)
            assert not [sql for sql in reads if "ORDER BY" in sql], reads
            assert session.unsettled
            assert [item.card_id for item in session.queue] == ["test/pair#fwd", "test/cloze#c1"]
            session.settle()
        finally:
            store._reader.set_trace_callback(None)
        assert [sql for sql in reads if "ORDER BY" in sql]


def test_settling_keeps_the_card_shown_and_reports_a_change_made_elsewhere(store: Store) -> None:
    session = ReviewSession(store, DAY, lambda: at(DAY))
    session.answer(5, read_queue=False)
    shown = session.current
    assert shown is not None
    assert shown.card_id == "test/pair#fwd"
    with Store.open(store.path) as other:  # another window answers the card behind it
        other.answer("test/cloze#c1", 5, DAY, at(DAY))
    assert session.settle() is True
    assert session.queue == [shown]


def test_a_write_elsewhere_since_the_queue_was_read_asks_the_store_at_once(store: Store) -> None:
    session = ReviewSession(store, DAY, lambda: at(DAY))
    with Store.open(store.path) as other:  # another window answers the card behind this one
        other.answer("test/pair#fwd", 5, DAY, at(DAY))
    session.answer(5, read_queue=False)
    assert not session.unsettled
    assert [item.card_id for item in session.queue] == ["test/cloze#c1"]


def test_answers_before_the_screen_settles_ask_the_store(store: Store) -> None:
    """A second grade before the first one's queue was read cannot build on a foresight."""
    session = ReviewSession(store, DAY, lambda: at(DAY))
    session.answer(1, read_queue=False)
    assert session.unsettled
    session.answer(5, read_queue=False)
    assert not session.unsettled
    assert session.queue == store.queue(DAY)


def test_the_last_card_asks_the_store_at_once(store: Store) -> None:
    """Nothing foreseen behind the last card: the store says what comes (here its drill)."""
    session = ReviewSession(store, DAY, lambda: at(DAY))
    for _ in range(2):
        session.answer(5, read_queue=False)
    session.answer(1, read_queue=False)
    assert not session.unsettled
    assert session.queue == [QueueItem("test/cloze#c1", "test/cloze", "Test::Basics", "drill")]

"""A review sitting without a screen: answers, undo, suspend and bury against a real store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.queue import Limits
from cards.store.session import ReviewSession
from cards.store.store import Store
from tests.sql import watched

DAY = date(2026, 1, 15)
START = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


class Ticking:
    """A clock that moves on a minute each time it is read."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def cards(session: ReviewSession) -> list[tuple[str, str]]:
    return [(item.card_id, item.kind) for item in session.queue]


def test_answers_are_recorded_and_the_queue_follows_the_store(store: Store) -> None:
    session = ReviewSession(store, DAY, Ticking())
    assert cards(session) == [
        ("test/capital#fwd", "new"),
        ("test/pair#fwd", "new"),
        ("test/cloze#c1", "new"),
    ]
    answered = session.answer(2, seconds=4.0)
    assert (answered.entry.card_id, answered.entry.grade, answered.kind) == (
        "test/capital#fwd",
        2,
        "new",
    )
    assert answered.entry.answered_at == START + timedelta(minutes=2)
    assert cards(session)[-1] == ("test/capital#fwd", "drill")
    assert (session.done, session.left, session.grades[2]) == (1, 3, 1)


def test_a_grade_reads_the_queue_once(tmp_path: Path, deck: Path) -> None:
    """The queue read after the previous change says where the card waits; the store does not
    walk the queue again to check it inside the answer's transaction."""
    with watched(tmp_path / "c.db", Limits(new_per_day=20)) as (store, writer):
        store.sync([deck])
        session = ReviewSession(store, DAY, Ticking())
        statements: list[str] = []
        writer.set_trace_callback(statements.append)
        try:
            session.answer(4)
        finally:
            writer.set_trace_callback(None)
        graded = store.history("test/capital#fwd")
    reads = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(reads) == 1, reads  # the card's own row
    assert "FROM card" in reads[0]
    assert graded[0].grade == 4


def test_a_grade_reads_the_sittings_earlier_answers_only_after_another_process_wrote(
    store: Store,
) -> None:
    """This sitting's answers are looked up again (for one taken back by `flywheel undo`) only
    when another connection has committed since: a long sitting's grades stay as quick."""
    session = ReviewSession(store, DAY, Ticking())
    session.answer(5)
    reads: list[str] = []

    def log_lookups() -> list[str]:
        return [sql for sql in reads if "FROM review_log WHERE id IN (" in sql]

    store._reader.set_trace_callback(reads.append)
    try:
        session.answer(5)
        assert log_lookups() == []
        with Store.open(store.path) as other:
            assert other.undo() is not None  # `flywheel undo` elsewhere takes back the latest
        session.reload()
    finally:
        store._reader.set_trace_callback(None)
    assert log_lookups()
    assert (session.done, session.grades[5]) == (1, 1)


def test_an_answer_given_elsewhere_meanwhile_is_caught(store: Store) -> None:
    session = ReviewSession(store, DAY, Ticking())
    with Store.open(store.path) as other:  # another process answers this very card
        other.answer("test/capital#fwd", 5, DAY, START)
    with pytest.raises(FlywheelError, match="not in today's queue"):
        session.answer(3)
    assert [entry.grade for entry in store.history("test/capital#fwd")] == [5]
    session.reload()
    assert session.current is not None
    assert session.current.card_id == "test/pair#fwd"


def test_undo_takes_back_this_sittings_latest_action_only(store: Store) -> None:
    session = ReviewSession(store, DAY, Ticking())
    session.answer(5)
    suspended = session.suspend()
    assert suspended.card_id == "test/pair#fwd"
    assert "test/pair#fwd" not in [card for card, _ in cards(session)]
    undone = session.undo()
    assert undone is not None
    assert undone.entry is None
    assert session.current is not None
    assert session.current.card_id == "test/pair#fwd"
    undone = session.undo()
    assert undone is not None
    assert undone.entry is not None
    assert (undone.entry.card_id, session.done, session.grades[5]) == ("test/capital#fwd", 0, 0)
    assert session.current is not None
    assert session.current.card_id == "test/capital#fwd"
    assert session.undo() is None


def test_a_buried_card_waits_for_tomorrow(store: Store) -> None:
    session = ReviewSession(store, DAY, Ticking())
    buried = session.bury()
    assert buried.card_id not in [card for card, _ in cards(session)]
    assert buried.card_id in [item.card_id for item in store.queue(DAY + timedelta(days=1))]


def test_the_summary_counts_this_sitting(store: Store) -> None:
    clock = Ticking()
    session = ReviewSession(store, DAY, clock)
    while session.current is not None:
        session.answer(5)
    summary = session.summary()
    assert summary.reviewed == 3
    assert summary.grades == {0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 3}
    assert summary.seconds == 3 * 60  # from the opening to the last answer
    assert summary.next_due == (1, 3)
    with pytest.raises(LookupError):
        session.answer(4)


def test_the_end_of_one_deck_counts_what_other_decks_still_have_today(
    tmp_path: Path, deck: Path
) -> None:
    other = deck.with_name("other.toml")
    other.write_text(
        'name = "Geo Facts"\n\n[[notes]]\nid = "geo/a"\nkind = "basic"\nen.front = "a"\n'
        'en.back = "b"\n\n[[notes]]\nid = "geo/b"\nkind = "basic"\nen.front = "c"\nen.back = "d"\n',
        encoding="utf-8",
    )
    with Store.open(tmp_path / "two.db") as store:
        store.sync([deck, other])
        session = ReviewSession(store, DAY, Ticking(), deck="Test::Basics")
        while session.current is not None:
            session.answer(5)
        assert session.summary().elsewhere == {"Geo Facts": 2}
        assert ReviewSession(store, DAY, Ticking()).summary().elsewhere == {}  # no other decks
        geo = ReviewSession(store, DAY, Ticking(), deck="Geo Facts")
        assert geo.summary().elsewhere == {}  # nothing left outside it

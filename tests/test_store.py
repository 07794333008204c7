"""The store on a real SQLite file: sync, the queue, answers, the drill, undo, leeches."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.queue import Limits
from cards.store.database import APPLICATION_ID
from cards.store.doctor import diagnose
from cards.store.migrations import SCHEMA_VERSION
from cards.store.store import Store
from tests.conftest import GOOD_DECK
from tests.old_schema import take_back_to
from tests.sql import run_sql, sql

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def ids(store: Store, day: date = DAY) -> list[tuple[str, str]]:
    return [(item.card_id, item.kind) for item in store.queue(day)]


def test_new_cards_come_in_file_order_one_sibling_a_day(store: Store) -> None:
    assert ids(store) == [
        ("test/capital#fwd", "new"),
        ("test/pair#fwd", "new"),
        ("test/cloze#c1", "new"),
    ]
    store.answer("test/pair#fwd", 5, DAY, NOW)
    assert ("test/pair#rev", "new") not in ids(store)
    next_day = date(2026, 1, 16)  # pair#fwd is due again: its new sibling still waits
    assert ("test/pair#fwd", "review") in ids(store, next_day)
    assert ("test/pair#rev", "new") not in ids(store, next_day)
    store.answer("test/pair#fwd", 5, next_day, NOW)
    assert ("test/pair#rev", "new") not in ids(store, next_day)
    assert ("test/pair#rev", "new") in ids(store, date(2026, 1, 17))


def test_answer_schedules_and_a_low_grade_goes_to_the_drill(store: Store) -> None:
    result = store.answer("test/capital#fwd", 3, DAY, NOW)
    assert (result.kind, result.entry.after.interval, result.entry.after.due) == (
        "new",
        1,
        date(2026, 1, 16),
    )
    assert ids(store)[-1] == ("test/capital#fwd", "drill")
    drill = store.answer("test/capital#fwd", 2, DAY, NOW)
    assert drill.entry.drill
    assert drill.entry.after == result.entry.after
    assert ids(store)[-1] == ("test/capital#fwd", "drill")
    store.answer("test/capital#fwd", 4, DAY, NOW)
    assert "test/capital#fwd" not in [card for card, _ in ids(store)]
    state = store.state("test/capital#fwd")
    assert state is not None
    assert state.reviews == 1
    assert state.sm2.due == date(2026, 1, 16)
    assert ids(store, date(2026, 1, 16))[0] == ("test/capital#fwd", "review")


def test_card_not_in_todays_queue_is_refused_and_nothing_written(store: Store) -> None:
    store.answer("test/capital#fwd", 5, DAY, NOW)
    with pytest.raises(FlywheelError, match="not in today's queue"):
        store.answer("test/capital#fwd", 5, DAY, NOW)
    with pytest.raises(FlywheelError, match="unknown card"):
        store.answer("test/none#fwd", 5, DAY, NOW)
    with pytest.raises(FlywheelError, match="0 to 5"):
        store.answer("test/pair#fwd", 6, DAY, NOW)
    assert len(store.history("test/capital#fwd")) == 1
    assert store.history("test/pair#fwd") == []


def test_undo_restores_the_card_exactly(store: Store) -> None:
    before = store.state("test/capital#fwd")
    store.answer("test/capital#fwd", 1, DAY, NOW)
    undone = store.undo()
    assert undone is not None
    assert undone.entry is not None
    assert undone.entry.grade == 1
    assert store.state("test/capital#fwd") == before
    assert store.history("test/capital#fwd") == []
    assert ids(store)[0] == ("test/capital#fwd", "new")
    assert store.undo() is None


def test_due_reviews_come_most_overdue_first_and_respect_the_limits(
    tmp_path: Path, deck: Path
) -> None:
    with Store.open(tmp_path / "l.db", Limits(new_per_day=2, reviews_per_day=3)) as store:
        store.sync([deck])
        assert len(ids(store)) == 2
        store.answer("test/capital#fwd", 5, date(2026, 1, 1), NOW)
        store.answer("test/pair#fwd", 5, date(2026, 1, 5), NOW)
        later = date(2026, 1, 20)
        assert ids(store, later)[:2] == [
            ("test/capital#fwd", "review"),
            ("test/pair#fwd", "review"),
        ]
        assert len(ids(store, later)) == 3


def test_a_deck_review_picks_its_own_new_cards_within_the_days_shared_limit(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    first = write_deck(GOOD_DECK, "a.toml")
    second = write_deck(
        GOOD_DECK.replace("Test::Basics", "Other").replace('id = "test/', 'id = "other/'), "b.toml"
    )
    with Store.open(tmp_path / "d.db", Limits(new_per_day=2)) as store:
        store.sync([first, second])
        assert [item.deck for item in store.queue(DAY)] == ["Test::Basics", "Test::Basics"]
        assert [item.card_id for item in store.queue(DAY, "other")] == [
            "other/capital#fwd",
            "other/pair#fwd",
        ]
        store.answer("other/pair#fwd", 4, DAY, NOW)  # not in the whole queue, but in its deck's
        assert [item.card_id for item in store.queue(DAY)] == ["test/capital#fwd"]
        assert [item.card_id for item in store.queue(DAY, "test")] == ["test/capital#fwd"]
        store.answer("test/capital#fwd", 4, DAY, NOW)
        assert store.queue(DAY) == store.queue(DAY, "Other") == []
        with pytest.raises(FlywheelError, match="not in today's queue"):
            store.answer("other/capital#fwd", 4, DAY, NOW)


def test_suspend_and_bury_leave_the_queue(store: Store) -> None:
    store.set_suspended("test/capital#fwd", True, DAY)
    store.bury("test/pair#fwd", DAY)
    assert [card for card, _ in ids(store)] == ["test/cloze#c1"]
    assert ("test/pair#fwd", "new") in ids(store, date(2026, 1, 16))
    store.set_suspended("test/capital#fwd", False, DAY)
    assert ids(store)[0] == ("test/capital#fwd", "new")


def test_failing_as_often_as_the_leech_threshold_makes_a_leech_and_undo_reverses_it(
    tmp_path: Path, deck: Path
) -> None:
    with Store.open(tmp_path / "x.db", Limits(leech_threshold=3)) as store:
        store.sync([deck])
        day = DAY
        for grade in (4, 0, 4, 0, 4, 0):  # learned, then forgotten three times
            result = store.answer("test/capital#fwd", grade, day, NOW)
            day = result.entry.after.due or day
        assert result.became_leech
        state = store.state("test/capital#fwd")
        assert state is not None
        assert state.leech
        assert state.suspended
        assert state.lapses == 3
        store.undo()
        state = store.state("test/capital#fwd")
        assert state is not None
        assert not state.leech
        assert not state.suspended


def test_doctor_agrees_with_the_log_after_answers(store: Store) -> None:
    store.answer("test/capital#fwd", 2, DAY, NOW)
    store.answer("test/capital#fwd", 4, DAY, NOW)
    store.answer("test/pair#fwd", 5, DAY, NOW)
    with sql(store) as db:
        assert diagnose(db) == []
        db.execute("UPDATE card SET interval = 40 WHERE id = 'test/pair#fwd'")
        assert diagnose(db) == ["schedule: test/pair#fwd: interval 40 (the log gives 1)"]


def test_foreign_files_are_refused_and_left_untouched(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database")
    with pytest.raises(FlywheelError, match="not a Flywheel database"):
        Store.open(text_file)
    assert text_file.read_text() == "not a database"
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(FlywheelError, match="another program's"):
        Store.open(other)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA user_version = 99")
    with pytest.raises(FlywheelError, match="newer Flywheel"):
        Store.open(path)
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_first_schema_database_migrates_keeping_its_answers(tmp_path: Path, deck: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.sync([deck])
        store.answer("test/capital#fwd", 5, DAY - timedelta(days=3), NOW - timedelta(days=3))
        store.answer("test/pair#fwd", 5, DAY, NOW)
    take_back_to(path, 1)
    with Store.open(path) as store:
        assert run_sql(store, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        assert len(store.history("test/pair#fwd")) == 1
        assert ids(store) == [("test/capital#fwd", "review"), ("test/cloze#c1", "new")]
        assert ("test/pair#fwd", "review") in ids(store, date(2026, 1, 16))
        assert store.card_totals() == {"Test::Basics": 5}
        undone = store.undo()  # the latest day's answers became actions that undo reaches
        assert undone is not None
        assert undone.action.card_id == "test/pair#fwd"
        assert store.history("test/pair#fwd") == []
        assert store.undo() is None  # older answers stay in the log alone
        assert len(store.history("test/capital#fwd")) == 1


def counted(store: Store) -> dict[str, int]:
    """Cards in use per deck, counted card by card."""
    rows = run_sql(
        store,
        "SELECT n.deck, count(*) FROM card c JOIN note n ON n.id = c.note_id "
        "WHERE c.active = 1 AND n.active = 1 GROUP BY n.deck",
    )
    return dict(rows)


def test_kept_card_totals_follow_every_kind_of_sync(
    store: Store, deck: Path, write_deck: Callable[..., Path]
) -> None:
    other = write_deck(GOOD_DECK.replace("Test::Basics", "Other").replace("test/", "o/"), "o.toml")
    steps: list[Callable[[], object]] = [
        lambda: None,
        lambda: deck.write_text(GOOD_DECK.replace('kind = "reverse"', 'kind = "basic"')),
        lambda: deck.write_text(
            GOOD_DECK.replace("{{c2::30만 달러}}", "30만 달러").replace(
                "{{c2::$300,000::amount}}", "$300,000"
            )
        ),
        lambda: deck.write_text("not = [toml"),
        lambda: other.write_text(GOOD_DECK.replace("Test::Basics", "Other")),  # duplicate ids
    ]
    for step in steps:
        step()
        store.sync([deck, other])
        assert store.card_totals() == counted(store)
    assert store.card_totals() == {"Test::Basics": 4}  # kept while unreadable

"""A sync or a migration that fails part way leaves the database as it was, and usable.

The failures are real SQLite ones: a database that may not grow (`max_page_count`, as on a full
disk) and a schema object that is already there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.queue import Limits
from cards.store.database import APPLICATION_ID
from cards.store.migrations import MIGRATIONS
from cards.store.store import Store
from tests.conftest import GOOD_DECK
from tests.sql import run_sql, watched

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
REWORDED = GOOD_DECK.replace("Capital of Korea?", "Which city is Korea's capital?")


def big_deck(notes: int) -> str:
    """A deck file large enough that storing it needs new database pages."""
    lines = ['name = "Big"']
    for number in range(notes):
        lines += [
            "[[notes]]",
            f'id = "big/{number}"',
            'kind = "basic"',
            f'en.front = "Question {number}: {"padding " * 20}"',
            f'en.back = "Answer {number}"',
        ]
    return "\n".join(lines) + "\n"


def contents(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables a sync writes."""
    return {
        table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("deck_file", "note", "card")
    }


def test_a_sync_that_fails_part_way_writes_nothing(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    deck = write_deck(GOOD_DECK)
    with watched(tmp_path / "c.db") as (store, writer):
        store.sync([deck])
        before = contents(writer)
        deck.write_text(REWORDED, encoding="utf-8")  # rewritten in place: no new page needed
        big = write_deck(big_deck(300), "big.toml")  # then this one cannot be stored
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {pages}")
        changes = writer.total_changes
        with pytest.raises((sqlite3.OperationalError, FlywheelError), match="full"):
            store.sync([deck, big])
        assert writer.total_changes > changes  # the reworded note was written...
        assert contents(writer) == before  # ...and taken back with the rest
        assert not writer.in_transaction
        writer.execute("PRAGMA max_page_count = 1073741823")
        store.sync([deck, big])
        card = store.card("test/capital#fwd")
        assert card is not None
        assert card.front("en") == "Which city is Korea's capital?"
        assert store.card("big/299#fwd") is not None


def schema_one_database(path: Path) -> None:
    """A database as the first release left it, plus an index the second migration will make."""
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(MIGRATIONS[0])
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 1")
        connection.execute("CREATE INDEX card_new_order ON card(id)")
        connection.commit()


def schema(path: Path) -> tuple[int, list[tuple[str, str | None]], list[str]]:
    with closing(sqlite3.connect(path)) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        objects = connection.execute("SELECT name, sql FROM sqlite_schema ORDER BY name").fetchall()
        columns = [row[1] for row in connection.execute("PRAGMA table_info(card)")]
    return version, objects, columns


def test_a_migration_that_fails_part_way_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    schema_one_database(path)
    before = schema(path)
    with pytest.raises(FlywheelError, match=r"not a usable Flywheel database .*card_new_order"):
        Store.open(path)
    assert schema(path) == before  # the columns added and the index dropped before it are back
    assert "file_rank" not in before[2]
    with closing(sqlite3.connect(path)) as connection:  # the obstacle removed, it migrates
        connection.execute("DROP INDEX card_new_order")
    with Store.open(path) as store:
        columns = [row[1] for row in run_sql(store, "PRAGMA table_info(card)")]
        assert "file_rank" in columns


def test_an_answer_the_full_disk_refuses_is_not_half_recorded(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    """The error says the disk is full (not that there was nothing to roll back), and the
    card keeps its state, the log its rows."""
    big = write_deck(big_deck(200), "big.toml")
    with watched(tmp_path / "c.db", Limits(new_per_day=200)) as (store, writer):
        store.sync([big])
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
        writer.execute(f"PRAGMA max_page_count = {pages}")
        answered = 0
        with pytest.raises((sqlite3.OperationalError, FlywheelError), match="full"):  # noqa: PT012
            for item in store.queue(DAY):
                before = store.state(item.card_id)
                store.answer(item.card_id, 4, DAY, NOW)
                answered += 1
        assert answered > 0
        assert store.state(item.card_id) == before
        assert len(run_sql(store, "SELECT id FROM review_log")) == answered
        assert not writer.in_transaction

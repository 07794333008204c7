"""The log is checkpointed in the background, never inside an answer's commit, stays bounded,
and is emptied on close (killed processes and two at once: `tests/test_durability.py`)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cards.schedule.queue import Limits
from cards.store.checkpoint import Checkpointer
from cards.store.store import Store
from tests.sql import watched

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
WAIT = 60.0  # seconds; only a hung thread would take this long
NOTES = 120


@pytest.fixture
def deck(write_deck: Callable[..., Path]) -> Path:
    notes = "".join(
        f'[[notes]]\nid = "load/n{n}"\nen.front = "q{n}"\nen.back = "a{n}"\n\n'
        for n in range(NOTES)
    )
    return write_deck(f'name = "Load"\n\n{notes}', "load.toml")


@pytest.fixture
def store(tmp_path: Path, deck: Path) -> Iterator[Store]:
    opened = Store.open(
        tmp_path / "log.db", Limits(new_per_day=1000, reviews_per_day=1000), checkpoint_every=10
    )
    opened.sync([deck])
    yield opened
    opened.close()


def answer(store: Store, numbers: range) -> None:
    for number in numbers:
        store.answer(f"load/n{number}#fwd", 4, DAY, NOW)


def wal(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def rows_in_main_file(db: Path, tmp_path: Path) -> int:
    """Review rows in the database file alone, without its log: what checkpoints copied."""
    copy = tmp_path / "main-only.db"
    shutil.copyfile(db, copy)
    with closing(sqlite3.connect(copy)) as connection:
        count: int = connection.execute("SELECT count(*) FROM review_log").fetchone()[0]
    return count


def test_the_writer_never_checkpoints_inside_a_commit(store: Store, tmp_path: Path) -> None:
    with watched(tmp_path / "watched.db") as (_, writer):
        assert writer.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    assert store.with_limits(Limits()).checkpoints is store.checkpoints


def test_the_log_is_checkpointed_in_the_background_and_stays_bounded(
    store: Store, tmp_path: Path
) -> None:
    checkpoints = store.checkpoints
    assert checkpoints is not None
    assert checkpoints.wait_for(1, WAIT)  # the one asked for after the sync
    db = tmp_path / "log.db"
    sizes = []
    for batch in range(10):
        answer(store, range(batch * 10, batch * 10 + 10))
        assert checkpoints.wait_for(batch + 2, WAIT)
        sizes.append(wal(db).stat().st_size)
    assert rows_in_main_file(db, tmp_path) == 100
    # Each checkpoint copied the whole log, so the next commit wrote it again from the start:
    # without that, ten batches would have made it about ten times as long as the first.
    assert max(sizes) <= 2 * sizes[0]


def test_closing_leaves_no_log_behind(tmp_path: Path, deck: Path) -> None:
    db = tmp_path / "close.db"
    with Store.open(db, Limits(new_per_day=1000), checkpoint_every=1000) as store:
        store.sync([deck])
        answer(store, range(30))
    assert not wal(db).exists() or wal(db).stat().st_size == 0
    assert rows_in_main_file(db, tmp_path) == 30


def test_closing_copies_the_log_even_while_another_connection_keeps_it(
    tmp_path: Path, deck: Path
) -> None:
    db = tmp_path / "shared.db"
    store = Store.open(db, Limits(new_per_day=1000), checkpoint_every=1000)
    store.sync([deck])
    with closing(sqlite3.connect(db)) as other:
        answer(store, range(30))
        assert rows_in_main_file(db, tmp_path) < 30  # still only in the log
        store.close()
        assert rows_in_main_file(db, tmp_path) == 30
        assert other.execute("SELECT count(*) FROM review_log").fetchone() == (30,)


def test_close_never_raises_when_the_connections_went_first(tmp_path: Path, deck: Path) -> None:
    with watched(tmp_path / "gone.db", Limits(new_per_day=1000), checkpoint_every=1) as opened:
        store, writer = opened
        store.sync([deck])
        answer(store, range(5))
        writer.close()
        store.close()
        store.close()


def test_a_checkpointer_without_a_database_stays_quiet(tmp_path: Path) -> None:
    checkpointer = Checkpointer(tmp_path / "no such folder" / "x.db", every=1)
    checkpointer.committed()
    checkpointer.request()
    checkpointer.close()
    assert checkpointer.checkpoints == 0


def test_only_a_sync_that_read_files_asks_for_a_checkpoint(tmp_path: Path, deck: Path) -> None:
    """The review syncs after every grade to pick up edits: a sync of unchanged files is a stat
    per file, with nothing in the log to copy."""
    with Store.open(tmp_path / "c.db") as store:
        assert store.checkpoints is not None
        asked: list[bool] = []
        store.checkpoints.request = lambda: asked.append(True)  # type: ignore[method-assign]
        store.sync([deck])
        assert asked == [True]
        store.sync([deck])
        assert asked == [True]


def test_the_thread_starts_with_the_first_checkpoint_asked_for(tmp_path: Path, deck: Path) -> None:
    """A command that only reads (`flywheel due`) opens no third connection and no thread."""

    def threads() -> set[str]:
        return {thread.name for thread in threading.enumerate()}

    with Store.open(tmp_path / "c.db", Limits(new_per_day=1000)) as store:
        store.queue(DAY)
        assert "wal-checkpoint" not in threads()
        store.sync([deck])  # a sync that read files asks for one
        assert "wal-checkpoint" in threads()
        assert store.checkpoints is not None
        assert store.checkpoints.wait_for(1, timeout=30)

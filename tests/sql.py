"""SQL of a test's own on a collection's file, for what no store method offers: a column's raw
value, a damaged or back-dated row, or a `cards` function that takes a connection.

The store keeps its connections to itself. A connection from `sql` sees committed rows only and
commits each statement at once, so the store reads what a test wrote as it would another
process's commit. `watched` is for the few tests about the store's own writer connection (what it
runs, a limit of that connection's own such as a full disk): the test holds that connection too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from cards.schedule.queue import Limits
from cards.store.checkpoint import Checkpointer
from cards.store.database import BUSY_TIMEOUT_MS
from cards.store.opening import open_connections
from cards.store.store import Store

WORDS_REINDEXED = 6
"""Changes the store's connection counts, beyond the search row itself, when sync rewrites one
note's words: browse's word index (`note_words`) takes the old words out and puts the new ones
in, writing its own tables as it does."""


@contextmanager
def sql(store: Store) -> Iterator[sqlite3.Connection]:
    """A connection of the test's own on the store's file, closed after the block."""
    connection = sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    with closing(connection):
        yield connection


def run_sql(store: Store, statement: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
    """Run one statement on a connection of the test's own; the rows it returns."""
    with sql(store) as connection:
        return connection.execute(statement, parameters).fetchall()


@contextmanager
def watched(
    path: Path, limits: Limits | None = None, checkpoint_every: int | None = None
) -> Iterator[tuple[Store, sqlite3.Connection]]:
    """A store opened as `Store.open` opens one, on a writer connection the test holds as well;
    closed after the block. `checkpoint_every`: commits between background checkpoints (none
    when not given)."""
    opened = open_connections(path)
    checkpoints = None if checkpoint_every is None else Checkpointer(path, checkpoint_every)
    store = Store(opened.writer, opened.reader, limits, checkpoints)
    store.path = path
    with store:
        yield store, opened.writer

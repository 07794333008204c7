"""SQL of a test's own on a collection's file, for what no store method offers: a column's raw
value, a damaged or back-dated row, or a `cards` function that takes a connection.

The store keeps its connections to itself. A connection from `sql` sees committed rows only and
commits each statement at once, so the store reads what a test wrote as it would another
process's commit. `watched` is for the few tests about the store's own writer connection (what it
runs, a per-connection limit such as a full disk): the test opens that connection and hands it in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from cards.schedule.queue import Limits
from cards.store.database import BUSY_TIMEOUT_MS, connect, connect_reader
from cards.store.store import Store


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
def watched(path: Path, limits: Limits | None = None) -> Iterator[tuple[Store, sqlite3.Connection]]:
    """A store opened on a writer connection the test holds as well, closed after the block."""
    writer = connect(path)
    try:
        reader = connect_reader(path)
    except BaseException:
        writer.close()
        raise
    store = Store(writer, reader, limits)
    store.path = path
    with store:
        yield store, writer

"""Results kept while the review logs are unchanged, so a screen opened again is not refitted.

A log's stamp changes with any answer added, undone, or answered again in its place (the sum
runs over ids and grades), and with any import of Anki's history.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")
Stamp = tuple[float, ...]


def log_stamp(connection: sqlite3.Connection) -> Stamp:
    """What identifies the logs' content, read in one query."""
    row = connection.execute(
        "SELECT (SELECT count(*) FROM review_log), (SELECT coalesce(max(id), 0) FROM review_log), "
        "(SELECT total(id * (grade + 1)) FROM review_log), "
        "(SELECT count(*) FROM imported_review), (SELECT total(anki_id % 1000003 * (grade + 1)) "
        "FROM imported_review)"
    ).fetchone()
    return tuple(float(value) for value in row)


class LastResult(Generic[Value]):
    """The result of one computation for the latest stamp seen (any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[Stamp, Value] | None = None

    def get(self, connection: sqlite3.Connection, compute: Callable[[], Value]) -> Value:
        stamp = log_stamp(connection)
        with self._lock:
            kept = self._kept
        if kept is not None and kept[0] == stamp:
            return kept[1]
        value = compute()
        with self._lock:
            self._kept = (stamp, value)
        return value

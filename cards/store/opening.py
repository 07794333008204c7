"""Opening a collection's two connections: the writer (read-only where the file cannot be
written) and the query-only reader, set up as the store needs them.

The writer never checkpoints inside a commit (`cards.store.checkpoint` does that in the
background), so an answer's commit costs one write of its own pages only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from cards.store.checkpoint import turn_off_automatic
from cards.store.database import connect, connect_reader
from cards.store.database_errors import ReadOnlyCollection
from cards.store.database_read_only import connect_read_only


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Connections(NamedTuple):
    """An open collection's connections; `read_only` when its file cannot be written."""

    writer: sqlite3.Connection
    reader: sqlite3.Connection
    read_only: bool


def open_connections(path: Path) -> Connections:
    """Open the collection at `path` (creating and migrating it where it can be written); on
    any failure nothing is left open."""
    read_only = False
    try:
        writer = connect(path)
    except ReadOnlyCollection:
        writer, read_only = connect_read_only(path), True
    try:
        turn_off_automatic(writer)
        reader = connect_reader(path, read_only)
    except BaseException:
        writer.close()
        raise
    return Connections(writer, reader, read_only)

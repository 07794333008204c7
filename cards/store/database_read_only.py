"""Reading a collection that cannot be written: a read-only mount, a read-only file or folder.

Reading commands (`due`, `stats`, the review's reading) still work there; every write fails with
SQLITE_READONLY, which `cards.store.database_errors` reports in one line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cards.errors import FlywheelError
from cards.store.database import check_identity
from cards.store.migrations import SCHEMA_VERSION


def read_only_uri(path: Path) -> str:
    """How to open `path` for reading where nothing may be written. SQLite's read-only mode
    still needs the shared-memory index beside the file; where even that cannot be made, the
    file is read as immutable, which is sound only when its write-ahead log holds nothing."""
    base = path.absolute().as_uri()
    if Path(f"{path}-shm").exists():
        return f"{base}?mode=ro"
    try:
        log_size = Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        log_size = 0
    if log_size:
        raise FlywheelError(
            f"{path}: read-only, and its write-ahead log was never copied into it; open it "
            "once where it can be written"
        )
    return f"{base}?immutable=1"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a collection that cannot be written, for reading only (any write fails with
    SQLITE_READONLY, which `cards.store.database_errors` reports as read-only)."""
    try:
        connection = sqlite3.connect(
            read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise FlywheelError(f"{path}: read-only, and it cannot be opened: {error}") from None
    try:
        check_identity(connection, path)
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise FlywheelError(
                f"{path}: read-only, and made by an older Flywheel: open it once where it can "
                "be written, to bring it up to date"
            )
        connection.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise FlywheelError(f"{path}: not a usable Flywheel database ({error})") from None
    except FlywheelError:
        connection.close()
        raise
    return connection

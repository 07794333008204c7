"""What an SQLite error means for the user, told by its result code rather than its wording.

SQLite's messages are for programmers ("disk I/O error", "unable to open database file"); its
result codes say what happened. A full disk shows as SQLITE_FULL, or as an I/O error when the
shared-memory index cannot grow; the file system is then asked whether space or the process's
file size limit (`ulimit -f`) ran out, so the message names the cause the user can fix.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from cards.errors import FlywheelError


class ReadOnlyCollection(FlywheelError):
    """The collection's file or folder cannot be written (a read-only mount, say): it can still
    be read (`cards.store.database_read_only`)."""


class Trouble(StrEnum):
    """The kinds of SQLite failure a user is told apart."""

    BUSY = "busy"
    FULL = "full"
    READ_ONLY = "read-only"
    DAMAGED = "damaged"
    CANNOT_OPEN = "cannot open"
    IO = "io"
    OTHER = "other"


# SQLite's primary result codes (the low byte of an extended code).
_PRIMARY = {
    3: Trouble.READ_ONLY,  # SQLITE_PERM
    5: Trouble.BUSY,  # SQLITE_BUSY
    6: Trouble.BUSY,  # SQLITE_LOCKED
    8: Trouble.READ_ONLY,  # SQLITE_READONLY
    10: Trouble.IO,  # SQLITE_IOERR
    11: Trouble.DAMAGED,  # SQLITE_CORRUPT
    13: Trouble.FULL,  # SQLITE_FULL
    14: Trouble.CANNOT_OPEN,  # SQLITE_CANTOPEN
    26: Trouble.DAMAGED,  # SQLITE_NOTADB
}

_ROOM_BYTES = 256 << 10
"""Less free space than this on the collection's disk counts as full (SQLite needs pages for
its log and its shared-memory index, not single bytes)."""


def trouble(error: sqlite3.Error) -> Trouble:
    """The kind of failure `error` reports, by its result code."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return Trouble.OTHER
    return _PRIMARY.get(code & 0xFF, Trouble.OTHER)


def writable(database: Path) -> bool:
    """Whether the database file (if it exists) and its folder may be written, read-only
    mounts included."""
    folder = database.parent
    return os.access(folder, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))


def explain(error: sqlite3.Error, database: Path) -> str | None:
    """One line for a failure of the disk or the file system; None for any other error (a
    lock, damage, a bug) which the caller reports its own way."""
    kind = trouble(error)
    if kind in (Trouble.FULL, Trouble.IO):
        cause = _space_trouble(database)
        if cause is not None:
            what, advice = cause
            return f"{database}: {what}; nothing was written: {advice}"
        if kind is Trouble.FULL:
            return f"{database}: disk full; nothing was written: free some space and try again"
        return f"{database}: the disk reported an error ({error}); nothing more was written"
    if kind is Trouble.READ_ONLY or (kind is Trouble.CANNOT_OPEN and not writable(database)):
        return (
            f"{database}: read-only (the file or its folder cannot be written); nothing was written"
        )
    return None


def _space_trouble(database: Path) -> tuple[str, str] | None:
    """Why the disk refuses to grow the collection, if it is out of space or the process hit
    its file size limit, and what to do about it."""
    try:
        info = os.statvfs(database.parent)
    except OSError:
        info = None
    if info is not None and info.f_bavail * info.f_frsize < _ROOM_BYTES:
        where = f"the disk holding {database.parent} has no space left"
        return f"disk full ({where})", "free some space and try again"
    import resource  # only on this rare path

    limit, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if limit != resource.RLIM_INFINITY:
        what = f"disk full for this process: its file size limit (ulimit -f) is {limit:,} bytes"
        return what, "raise the limit and try again"
    return None


@contextmanager
def told_plainly(database: Path) -> Iterator[None]:
    """Turn a full disk or a read-only file met while writing into a one-line FlywheelError;
    other SQLite errors (damage above all, which is marked elsewhere) go on as they are."""
    try:
        yield
    except sqlite3.Error as error:
        message = explain(error, database)
        if message is None:
            raise
        raise FlywheelError(message) from error

"""Checkpointing the write-ahead log in the background, off the answer's commit.

SQLite's automatic checkpoint runs inside whichever commit takes the log past 1000 pages: at
100,000 notes about one answer in a hundred paid ~100 ms for it, on the terminal UI's event loop.
The store's writer turns it off, and a daemon thread with a connection of its own runs a PASSIVE
checkpoint (it never waits for, nor blocks, a reader or a writer, of this process or another)
once enough commits have gone by. Durability is unchanged: an answer is durable once its commit
is in the log (WAL, synchronous=FULL), and a checkpoint only copies the log into the database
file, so a crash in the middle of one loses nothing. The thread never writes rows (its
connection is query-only), and any error of its own is left for the next turn: the log is still
checkpointed by the final close.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from cards.store.database import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    import threading

# An answer adds about 10 pages to the log: a checkpoint every 100 answers keeps it near the
# 1,000 pages of SQLite's automatic checkpoint. Each checkpoint slows the answers committed while
# it runs a little (two fsyncs on the same disk); every 50 doubled how often, and the p99 with it.
COMMITS_PER_CHECKPOINT = 100
# How long `close` waits for a checkpoint under way; past it the thread finishes on its own.
CLOSE_WAIT_SECONDS = 10.0


def turn_off_automatic(connection: sqlite3.Connection) -> None:
    """No checkpoint inside this connection's commits (a Checkpointer does them instead)."""
    connection.execute("PRAGMA wal_autocheckpoint = 0")


class Checkpointer:
    """A daemon thread that checkpoints the log of the database at `path` when asked.

    `committed` is called after each commit of the writer and costs a counter; every
    `every` commits (or on `request`) the thread wakes and checkpoints. `checkpoints` counts
    the checkpoints run, for `wait_for`. Not itself thread-safe: the store calls it under its
    writer's lock.
    """

    def __init__(self, path: Path, every: int = COMMITS_PER_CHECKPOINT) -> None:
        self._path = path
        self._every = max(1, every)
        self._pending = 0
        self._stopping = False
        self.checkpoints = 0
        # Made by the first checkpoint asked for, `threading` with it: a command that writes
        # little never needs them.
        self._started: tuple[threading.Thread, threading.Event, threading.Condition] | None = None

    def committed(self) -> None:
        """One more commit in the log; wakes the thread when enough have built up."""
        self._pending += 1
        if self._pending >= self._every:
            self.request()

    def request(self) -> None:
        """Checkpoint soon, whatever the count (after a large write such as a sync)."""
        self._pending = 0
        if self._stopping:
            return
        thread, wake, _ = self._parts()
        wake.set()
        if not thread.is_alive():
            thread.start()

    def wait_for(self, count: int, timeout: float) -> bool:
        """Whether `count` checkpoints have run, waiting up to `timeout` seconds for them."""
        _, _, done = self._parts()
        with done:
            return done.wait_for(lambda: self.checkpoints >= count, timeout)

    def close(self) -> None:
        """Stop the thread, waiting a bounded time for a checkpoint under way; never raises."""
        self._stopping = True
        if self._started is None:
            return
        import threading

        thread, wake, _ = self._started
        wake.set()
        if thread.is_alive() and thread is not threading.current_thread():
            thread.join(CLOSE_WAIT_SECONDS)

    def _parts(self) -> tuple[threading.Thread, threading.Event, threading.Condition]:
        """The thread (not started), its wake-up event and its condition, made once."""
        if self._started is None:
            import threading

            thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
            self._started = (thread, threading.Event(), threading.Condition())
        return self._started

    def _run(self) -> None:
        _, wake, done = self._parts()
        connection = self._open()
        try:
            while True:
                wake.wait()
                wake.clear()
                if self._stopping:
                    return
                if connection is None:
                    connection = self._open()
                if connection is None or not checkpoint(connection):
                    continue
                with done:
                    self.checkpoints += 1
                    done.notify_all()
        finally:
            if connection is not None:
                _close_quietly(connection)

    def _open(self) -> sqlite3.Connection | None:
        try:
            connection = sqlite3.connect(
                self._path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error:
            return None
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA query_only = ON")
        except sqlite3.Error:
            _close_quietly(connection)
            return None
        return connection


def checkpoint(connection: sqlite3.Connection) -> bool:
    """Whether a PASSIVE checkpoint ran. An error (the file gone, a full disk, a closed
    connection) is left to the next turn and to the final close: what is not copied yet stays
    safe in the log."""
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        return False
    return True


def _close_quietly(connection: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        connection.close()

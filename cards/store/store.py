"""The collection store: answers, suspensions, burials and their undo, each one durable transaction.

The review log is the truth; a card row's schedule is derived from it by `cards.schedule.answering`
(and `cards.store.doctor` replays the log to prove it). Every write runs in `BEGIN IMMEDIATE ...
COMMIT` with WAL and `synchronous=FULL` on the store's writer connection, so an answer acknowledged
by `answer()` survives a crash or a killed process. Reads go through a second, query-only connection
and see committed data only, whatever a worker thread is writing at the time. The write-ahead log is
copied into the database by a background thread (`cards.store.checkpoint`), never inside a commit.
"""

from __future__ import annotations

import sqlite3
from _thread import RLock  # threading's own RLock, without loading `threading`
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.errors import FlywheelError
from cards.store.anki_exchange import AnkiExchange
from cards.store.card_actions import CardActions
from cards.store.checkpoint import COMMITS_PER_CHECKPOINT, Checkpointer, checkpoint
from cards.store.database import write_transaction
from cards.store.database_errors import told_plainly
from cards.store.deck_sync import SyncReport, stored_report, sync
from cards.store.opening import open_connections
from cards.store.reader import CollectionReader

if TYPE_CHECKING:
    from cards.schedule.queue import Limits, QueueKind
    from cards.settings import Settings
    from cards.store.actions import Answered
    from cards.store.settings_cache import ConfigStamp

Version = tuple[int, int]
"""What a read may have missed since: this store's own changes, other connections' commits."""
UNKNOWN: Version = (-1, -1)


class Store(CollectionReader, CardActions, AnkiExchange):
    """One open collection database, safe to share between threads.

    Writes are serialised on the writer connection; reads (`CollectionReader`) take the
    reader's own lock, so a long sync in a worker never shows half-written rows to the screen
    and never blocks its reads. Each Store is one sitting: the actions it records carry its id,
    and `undo(own=True)` reaches only those.
    """

    def __init__(
        self,
        writer: sqlite3.Connection,
        reader: sqlite3.Connection,
        limits: Limits | None = None,
        checkpoints: Checkpointer | None = None,
    ) -> None:
        super().__init__(reader, limits)
        self._db = writer
        self._lock = RLock()
        self.checkpoints = checkpoints
        self.path = Path(":memory:")
        """The database file (named in the messages about a full disk or a read-only file)."""
        self.read_only = False
        """The collection cannot be written: reads work, every write fails in one line."""

    @classmethod
    def open(
        cls,
        path: Path,
        limits: Limits | None = None,
        checkpoint_every: int = COMMITS_PER_CHECKPOINT,
    ) -> Store:
        """Open the collection; its log is checkpointed in the background every
        `checkpoint_every` commits rather than inside one answer's commit
        (`cards.store.checkpoint`)."""
        opened = open_connections(path)
        try:
            checkpoints = Checkpointer(path, checkpoint_every)
        except BaseException:
            opened.reader.close()
            opened.writer.close()
            raise
        store = cls(opened.writer, opened.reader, limits, checkpoints)
        store.path, store.read_only = path, opened.read_only
        return store

    def with_limits(self, limits: Limits) -> Store:
        """The same open collection and sitting seen with other limits (review ahead, extra new
        cards); it shares this store's connections and locks, so closing either closes both."""
        view = Store(self._db, self._reader, limits, self.checkpoints)
        view._lock, view._read_lock, view.sitting = self._lock, self._read_lock, self.sitting
        view.path, view.read_only = self.path, self.read_only
        return view

    def close(self) -> None:
        """Close the collection; its log is copied into the database file first, even when
        another process keeps the file open (the last connection to close also removes it)."""
        if self.checkpoints is not None:
            self.checkpoints.close()
        with self._read_lock:
            self._reader.close()
        with self._lock:
            checkpoint(self._db)
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync(self, paths: list[Path]) -> SyncReport:
        """Bring notes and cards in line with the deck files (see `cards.store.deck_sync`)."""
        if self.read_only:  # what was synced last is what there is to read
            return stored_report(self._db)
        with self._lock, told_plainly(self.path):
            report = sync(self._db, paths)
            if self.checkpoints is not None and report.parsed:  # a large write, not a stat
                self.checkpoints.request()
            return report

    def version(self) -> Version:
        """Taken before a read (the queue, say): while it stays the same, nothing that read
        saw has changed, in this process (its writes) or another (its commits). During a write
        (a sync in a worker) it is `UNKNOWN`, which matches no version, rather than a wait."""
        if not self._lock.acquire(blocking=False):
            return UNKNOWN
        try:
            (data_version,) = self._db.execute("PRAGMA data_version").fetchone()
            return self._db.total_changes, int(data_version)
        finally:
            self._lock.release()

    # Writes: each one durable transaction, recorded as an action that undo can take back.

    def answer(
        self,
        card_id: str,
        grade: int,
        today: date,
        now: datetime,
        seconds: float | None = None,
        *,
        queued: tuple[QueueKind, Version] | None = None,
    ) -> Answered:
        """Record `grade` for a card in today's queue, durably, in one transaction.

        `seconds`: how long the question was shown until graded (capped; None when unknown).
        `queued`: the card's kind in a queue read at that version; while nothing has changed
        since, the queue is not asked again whether the card waits.
        """
        # The answer's own modules load with the first answer: `due` needs none of them.
        from cards.schedule.answering import apply_answer
        from cards.schedule.queue_card import card_kind
        from cards.schedule.sm2 import checked_grade
        from cards.store import actions
        from cards.store.rows import append_answer, write_schedule

        try:
            checked_grade(grade)
        except ValueError as error:
            raise FlywheelError(str(error)) from None
        with self._transaction():
            state = self._require_state(card_id)
            if queued is not None and queued[1] == self.version():
                kind: QueueKind | None = queued[0]
            else:
                kind = card_kind(self._db, today, self.limits, card_id)
            if kind is None:
                raise FlywheelError(f"card {card_id} is not in today's queue ({today.isoformat()})")
            schedule, entry = apply_answer(
                card_id,
                state.schedule,
                grade,
                today,
                now,
                drill=kind == "drill",
                leech_threshold=self.limits.leech_threshold,
                seconds=seconds,
            )
            entry = append_answer(self._db, entry, was_new=kind == "new")
            if not entry.drill:
                write_schedule(self._db, card_id, schedule, suspend=entry.made_leech)
            actions.record(self._db, "answer", card_id, today, self.sitting, review_id=entry.id)
        return actions.Answered(entry, kind)

    def mark_added(self, note_id: str, today: date) -> None:
        """A note just added from Flywheel: its first card joins the new cards ahead of the
        deck-file order, from today on."""
        with self._transaction():
            self._db.execute(
                "UPDATE note SET added_on = ? WHERE id = ?", (today.isoformat(), note_id)
            )

    def set_preference(self, key: str, value: str) -> None:
        """Remember a choice with the collection (never in the installed package)."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO preference (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def keep_settings(self, stamp: ConfigStamp, settings: Settings) -> None:
        """Keep the config's validated settings, keyed by its stat
        (`cards.store.settings_cache`)."""
        from cards.store.settings_cache import write_cache

        with self._transaction():
            write_cache(self._db, stamp, settings)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            with told_plainly(self.path), write_transaction(self._db):
                yield
            if self.checkpoints is not None:
                self.checkpoints.committed()

"""The collection store: answers, undo, suspend and bury, each one durable transaction.

The review log is the truth; a card row's schedule is derived from it (see `cards.doctor` for the
replay that proves it). Every write runs in `BEGIN IMMEDIATE ... COMMIT` with WAL and
`synchronous=FULL`, so an answer acknowledged by `answer()` survives a crash or a killed process.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cards import sm2
from cards.card import Card
from cards.db import connect
from cards.errors import FlywheelError
from cards.models import Note
from cards.queue import Limits, QueueItem, QueueKind, queue_items, todays_queue
from cards.sync import SyncReport, sync


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's schedule and flags as stored."""

    card_id: str
    sm2: sm2.SM2State
    reviews: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: date | None
    active: bool


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One answer from the review log."""

    id: int
    card_id: str
    answered_at: datetime
    day: date
    grade: int
    drill: bool
    before: sm2.SM2State
    after: sm2.SM2State
    made_leech: bool


@dataclass(frozen=True, slots=True)
class Answered:
    """What recording an answer did."""

    entry: LogEntry
    kind: str
    became_leech: bool


class Store:
    """One open collection database. Safe to share between threads: calls are serialised."""

    def __init__(self, connection: sqlite3.Connection, limits: Limits | None = None) -> None:
        self._db = connection
        self._lock = threading.RLock()
        self.limits = limits or Limits()

    @classmethod
    def open(cls, path: Path, limits: Limits | None = None) -> Store:
        return cls(connect(path), limits)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for read-only reports (stats, doctor)."""
        return self._db

    def sync(self, paths: list[Path]) -> SyncReport:
        """Bring notes and cards in line with the deck files (see `cards.sync`)."""
        with self._lock:
            return sync(self._db, paths)

    def queue(self, today: date, deck: str | None = None) -> list[QueueItem]:
        with self._lock:
            return todays_queue(self._db, today, self.limits, deck)

    def card(self, card_id: str) -> Card | None:
        """The card's content as last synced, or None for an unknown id."""
        with self._lock:
            row = self._db.execute(
                "SELECT n.body, n.deck, substr(c.id, instr(c.id, '#') + 1) FROM card c "
                "JOIN note n ON n.id = c.note_id WHERE c.id = ?",
                (card_id,),
            ).fetchone()
        if row is None:
            return None
        return Card(Note.model_validate_json(row[0]), row[2], row[1])

    def note_file(self, note_id: str) -> Path | None:
        with self._lock:
            row = self._db.execute("SELECT file FROM note WHERE id = ?", (note_id,)).fetchone()
        return Path(row[0]) if row else None

    def state(self, card_id: str) -> CardState | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, repetitions, easiness_pct, interval, due, reviews, lapses, suspended, "
                "leech, buried_until, active FROM card WHERE id = ?",
                (card_id,),
            ).fetchone()
        return None if row is None else _state_from_row(row)

    def history(self, card_id: str) -> list[LogEntry]:
        with self._lock:
            rows = self._db.execute(f"{_LOG_SELECT} WHERE card_id = ? ORDER BY id", (card_id,))
            return [_entry_from_row(row) for row in rows]

    def last_day(self) -> date | None:
        """The latest study day with an answer: a later clock going back is worth a warning."""
        with self._lock:
            row = self._db.execute("SELECT max(day) FROM review_log").fetchone()
        return date.fromisoformat(row[0]) if row[0] else None

    def answer(self, card_id: str, grade: int, today: date, now: datetime) -> Answered:
        """Record `grade` for a card in today's queue, durably, in one transaction."""
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
            raise FlywheelError(f"grade must be a whole number from 0 to 5, got {grade!r}")
        with self._transaction():
            state = self._require_state(card_id)
            kind = self._queue_kind(card_id, today)
            if kind is None:
                raise FlywheelError(f"card {card_id} is not in today's queue ({today.isoformat()})")
            drill = kind == "drill"
            after = state.sm2 if drill else sm2.review(state.sm2, grade, today)
            lapses = state.lapses + (0 if drill or grade >= sm2.PASSING_GRADE else 1)
            becomes_leech = (
                not drill
                and not state.leech
                and lapses >= self.limits.leech_threshold
                and grade < sm2.PASSING_GRADE
            )
            cursor = self._db.execute(
                "INSERT INTO review_log (card_id, answered_at, day, grade, drill, was_new, "
                "repetitions_before, easiness_before, interval_before, due_before, "
                "repetitions_after, easiness_after, interval_after, due_after, made_leech) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    now.isoformat(timespec="milliseconds"),
                    today.isoformat(),
                    grade,
                    drill,
                    kind == "new",
                    *_sm2_columns(state.sm2),
                    *_sm2_columns(after),
                    becomes_leech,
                ),
            )
            if not drill:
                self._db.execute(
                    "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, "
                    "reviews = reviews + 1, lapses = ?, leech = leech OR ?, "
                    "suspended = suspended OR ? WHERE id = ?",
                    (*_sm2_columns(after), lapses, becomes_leech, becomes_leech, card_id),
                )
            row = self._db.execute(f"{_LOG_SELECT} WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return Answered(_entry_from_row(row), kind, becomes_leech)

    def undo(self) -> LogEntry | None:
        """Take back the latest answer: remove its log row and restore the card as it was."""
        with self._transaction():
            row = self._db.execute(f"{_LOG_SELECT} ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                return None
            entry = _entry_from_row(row)
            if not entry.drill:
                failed = entry.grade < sm2.PASSING_GRADE
                self._db.execute(
                    "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, "
                    "reviews = reviews - 1, lapses = lapses - ?, leech = leech AND NOT ?, "
                    "suspended = suspended AND NOT ? WHERE id = ?",
                    (
                        *_sm2_columns(entry.before),
                        failed,
                        entry.made_leech,
                        entry.made_leech,
                        entry.card_id,
                    ),
                )
            self._db.execute("DELETE FROM review_log WHERE id = ?", (entry.id,))
        return entry

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        with self._transaction():
            self._require_state(card_id)
            self._db.execute("UPDATE card SET suspended = ? WHERE id = ?", (suspended, card_id))

    def bury(self, card_id: str, today: date) -> None:
        """Hide the card until the next study day."""
        with self._transaction():
            self._require_state(card_id)
            tomorrow = date.fromordinal(today.toordinal() + 1)
            self._db.execute(
                "UPDATE card SET buried_until = ? WHERE id = ?", (tomorrow.isoformat(), card_id)
            )

    def _queue_kind(self, card_id: str, today: date) -> QueueKind | None:
        """Why the card waits today, if it does: asked of its own deck's queue, which holds every
        card that any review (of the whole collection or of a deck above it) can offer."""
        (deck,) = self._db.execute(
            "SELECT n.deck FROM card c JOIN note n ON n.id = c.note_id WHERE c.id = ?", (card_id,)
        ).fetchone()
        for item in queue_items(self._db, today, self.limits, deck):
            if item.card_id == card_id:
                return item.kind
        return None

    def _require_state(self, card_id: str) -> CardState:
        row = self._db.execute(
            "SELECT id, repetitions, easiness_pct, interval, due, reviews, lapses, suspended, "
            "leech, buried_until, active FROM card WHERE id = ?",
            (card_id,),
        ).fetchone()
        if row is None:
            raise FlywheelError(f"unknown card {card_id!r} (see `flywheel due` or `flywheel list`)")
        return _state_from_row(row)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


_LOG_SELECT = (
    "SELECT id, card_id, answered_at, day, grade, drill, repetitions_before, easiness_before, "
    "interval_before, due_before, repetitions_after, easiness_after, interval_after, due_after, "
    "made_leech FROM review_log"
)


def _sm2_columns(state: sm2.SM2State) -> tuple[int, int, int, str | None]:
    due = state.due.isoformat() if state.due else None
    return state.repetitions, state.easiness_pct, state.interval, due


def _sm2_state(repetitions: int, easiness: int, interval: int, due: str | None) -> sm2.SM2State:
    return sm2.SM2State(repetitions, easiness, interval, date.fromisoformat(due) if due else None)


def _state_from_row(row: tuple[object, ...]) -> CardState:
    (card_id, reps, easiness, interval, due, reviews, lapses, suspended, leech, buried, active) = (
        row
    )
    return CardState(
        card_id=str(card_id),
        sm2=_sm2_state(int(reps), int(easiness), int(interval), due),  # type: ignore[call-overload, arg-type]
        reviews=int(reviews),  # type: ignore[call-overload]
        lapses=int(lapses),  # type: ignore[call-overload]
        suspended=bool(suspended),
        leech=bool(leech),
        buried_until=date.fromisoformat(str(buried)) if buried else None,
        active=bool(active),
    )


def _entry_from_row(row: tuple[object, ...]) -> LogEntry:
    values = list(row)
    return LogEntry(
        id=int(values[0]),  # type: ignore[call-overload]
        card_id=str(values[1]),
        answered_at=datetime.fromisoformat(str(values[2])),
        day=date.fromisoformat(str(values[3])),
        grade=int(values[4]),  # type: ignore[call-overload]
        drill=bool(values[5]),
        before=_sm2_state(*values[6:10]),  # type: ignore[arg-type]
        after=_sm2_state(*values[10:14]),  # type: ignore[arg-type]
        made_leech=bool(values[14]),
    )

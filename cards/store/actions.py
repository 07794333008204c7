"""The action log: every undoable change in one sequence, and how each is taken back.

Undo reverses exactly the latest action (of one sitting, when asked), and only while its card is
still as that action left it: if anything changed the card since, nothing is undone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from cards.errors import FlywheelError
from cards.schedule.answering import LogEntry, undo_answer
from cards.schedule.sm2 import Grade
from cards.store.rows import (
    ACTION_SELECT,
    CARD_STATE_SELECT,
    LOG_SELECT,
    Action,
    ActionKind,
    action_from_row,
    card_state,
    log_entry,
    write_schedule,
)

__all__ = ["ActionKind", "Answered", "Undone", "describe_action", "latest", "record", "take_back"]


@dataclass(frozen=True, slots=True)
class Answered:
    """What recording an answer did."""

    entry: LogEntry
    kind: str

    @property
    def became_leech(self) -> bool:
        return self.entry.made_leech


@dataclass(frozen=True, slots=True)
class Undone:
    """An action taken back; `entry` is the review log row of an answer."""

    action: Action
    entry: LogEntry | None

    def describe(self) -> str:
        """What was taken back, for a message: "grade 4 good for deck/note#c1"."""
        if self.entry is not None:
            drill = " (drill)" if self.entry.drill else ""
            return f"grade {Grade(self.entry.grade).label}{drill} for {self.action.card_id}"
        return describe_action(self.action)


def describe_action(action: Action) -> str:
    return {
        "answer": f"an answer to {action.card_id}",
        "suspend": f"the suspension of {action.card_id}",
        "unsuspend": f"the unsuspension of {action.card_id}",
        "bury": f"the burial of {action.card_id}",
    }[action.kind]


def record(
    db: sqlite3.Connection,
    kind: ActionKind,
    card_id: str,
    day: date,
    sitting: str,
    *,
    review_id: int | None = None,
    suspended_before: bool | None = None,
    buried_until_before: date | None = None,
) -> None:
    """Append an action; call inside the transaction that made the change."""
    db.execute(
        "INSERT INTO action (kind, card_id, day, sitting, review_id, suspended_before, "
        "buried_until_before) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            card_id,
            day.isoformat(),
            sitting,
            review_id,
            suspended_before,
            buried_until_before.isoformat() if buried_until_before else None,
        ),
    )


def latest(db: sqlite3.Connection, sitting: str | None = None) -> Action | None:
    """The newest action of the collection, or of one sitting."""
    if sitting is None:
        row = db.execute(f"{ACTION_SELECT} ORDER BY id DESC LIMIT 1").fetchone()
    else:
        row = db.execute(
            f"{ACTION_SELECT} WHERE sitting = ? ORDER BY id DESC LIMIT 1", (sitting,)
        ).fetchone()
    return None if row is None else action_from_row(row)


def take_back(db: sqlite3.Connection, action: Action) -> Undone:
    """Reverse `action` and remove it from the log; call inside a write transaction.

    Raises:
        FlywheelError: The card changed after the action (a later action on it, or a state that
            is not what the action left), so reversing it would undo something else too.
    """
    later = db.execute(
        "SELECT count(*) FROM action WHERE card_id = ? AND id > ?", (action.card_id, action.id)
    ).fetchone()[0]
    row = db.execute(f"{CARD_STATE_SELECT} WHERE id = ?", (action.card_id,)).fetchone()
    if later or row is None:
        raise _changed_since(action)
    state = card_state(row)
    entry: LogEntry | None = None
    if action.kind == "answer":
        entry = log_entry(db.execute(f"{LOG_SELECT} WHERE id = ?", (action.review_id,)).fetchone())
        if not entry.drill:
            if state.sm2 != entry.after:
                raise _changed_since(action)
            before = undo_answer(state.schedule, entry.before, entry.grade, entry.made_leech)
            write_schedule(db, action.card_id, before)
            if entry.made_leech:
                db.execute("UPDATE card SET suspended = 0 WHERE id = ?", (action.card_id,))
    elif action.kind in ("suspend", "unsuspend"):
        if state.suspended != (action.kind == "suspend"):
            raise _changed_since(action)
        db.execute(
            "UPDATE card SET suspended = ? WHERE id = ?",
            (bool(action.suspended_before), action.card_id),
        )
    else:
        if state.buried_until != action.buried_until:
            raise _changed_since(action)
        before_day = action.buried_until_before
        db.execute(
            "UPDATE card SET buried_until = ? WHERE id = ?",
            (before_day.isoformat() if before_day else None, action.card_id),
        )
    db.execute("DELETE FROM action WHERE id = ?", (action.id,))
    if entry is not None:
        db.execute("DELETE FROM review_log WHERE id = ?", (entry.id,))
    return Undone(action, entry)


def _changed_since(action: Action) -> FlywheelError:
    return FlywheelError(
        f"{action.card_id} changed after {describe_action(action)}; nothing undone"
    )

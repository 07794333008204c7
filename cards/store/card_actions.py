"""Putting a card aside and taking an action back: suspend, bury, undo.

A mixin of `cards.store.store.Store`: each action is one durable transaction on the store's
writer, recorded (`cards.store.actions`) so that undo can take back exactly the latest one.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cards.errors import FlywheelError

if TYPE_CHECKING:  # loaded by the first write: `due` needs neither
    from cards.store import actions
    from cards.store.rows import CardState


class CardActions:
    """The store's writes that put a card aside or take the latest action back."""

    _db: sqlite3.Connection
    sitting: str

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def set_suspended(self, card_id: str, suspended: bool, today: date) -> bool:
        """False when the card already was so: nothing is written, so undo has no
        do-nothing action to take back before the one that mattered."""
        from cards.store import actions

        with self._transaction():
            state = self._require_state(card_id)
            if state.suspended == suspended:
                return False
            self._db.execute("UPDATE card SET suspended = ? WHERE id = ?", (suspended, card_id))
            kind: actions.ActionKind = "suspend" if suspended else "unsuspend"
            actions.record(
                self._db, kind, card_id, today, self.sitting, suspended_before=state.suspended
            )
        return True

    def bury(self, card_id: str, today: date) -> bool:
        """Hide the card until the next study day; False (nothing written) when it already is
        hidden until then or later."""
        from cards.store import actions

        with self._transaction():
            state = self._require_state(card_id)
            tomorrow = today + timedelta(days=1)
            if state.buried_until is not None and state.buried_until >= tomorrow:
                return False
            self._db.execute(
                "UPDATE card SET buried_until = ? WHERE id = ?", (tomorrow.isoformat(), card_id)
            )
            actions.record(
                self._db,
                "bury",
                card_id,
                today,
                self.sitting,
                buried_until_before=state.buried_until,
            )
        return True

    def undo(self, *, own: bool = False, card_id: str | None = None) -> actions.Undone | None:
        """Take back the latest action: of this sitting only with `own`, and only if it was on
        `card_id` when one is named. None when there is nothing to take back.

        Raises:
            FlywheelError: The latest action is not what was expected (another card, or its card
                changed since), so nothing is taken back rather than the wrong thing.
        """
        from cards.store import actions

        with self._transaction():
            latest = actions.latest(self._db, self.sitting if own else None)
            if latest is None:
                return None
            if card_id is not None and latest.card_id != card_id:
                raise FlywheelError(
                    f"the latest action is {actions.describe_action(latest)}, not one on "
                    f"{card_id}; nothing undone"
                )
            return actions.take_back(self._db, latest)

    def _require_state(self, card_id: str) -> CardState:
        from cards.store.rows import CARD_STATE_SELECT, card_state

        row = self._db.execute(f"{CARD_STATE_SELECT} WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            raise FlywheelError(f"unknown card {card_id!r} (see `flywheel due` or `flywheel list`)")
        return card_state(row)

"""How long a question has been on screen: from when its card was first shown until the grade."""

from __future__ import annotations

from datetime import datetime

from cards.store.session import Clock


class QuestionTimer:
    """Started when a card's question is first drawn; a redraw of the same card keeps the start."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._card: str | None = None
        self._since: datetime | None = None

    def shown(self, card_id: str) -> None:
        if card_id != self._card:
            self._card, self._since = card_id, self.clock()

    def seconds(self) -> float | None:
        """Seconds since the current card was first shown (None before any card)."""
        if self._since is None:
            return None
        return max(0.0, (self.clock() - self._since).total_seconds())

    def reset(self) -> None:
        """The card was graded: the next showing (a drill of it, say) starts afresh."""
        self._card = self._since = None

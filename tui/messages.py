"""Messages that travel up from screens to the app, named for what already happened.

Screens change the store themselves (they own their handlers) and then report: the app listens
to the sync and review requests, and the review's own reports (revealed, graded, undone) are
there for whatever observes the app, its tests first. Nothing here carries a widget, only data.
"""

from __future__ import annotations

from textual.message import Message

from cards.store import Answered, Undone
from cards.sync import SyncReport


class DecksSynced(Message):
    """The deck files were synced into the store (posted from a thread worker)."""

    def __init__(self, report: SyncReport) -> None:
        super().__init__()
        self.report = report


class SyncFailed(Message):
    """Syncing the deck files failed with an error meant for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AnkiSynced(Message):
    """A sync with Anki ended (posted from a thread worker): its report, or its error."""

    def __init__(self, lines: list[str], error: str | None = None) -> None:
        super().__init__()
        self.lines = lines
        self.error = error


class ReviewRequested(Message):
    """Someone asked to review a deck (None: every deck), perhaps ahead or with extra new cards."""

    def __init__(self, deck: str | None, ahead_days: int = 0, extra_new: int = 0) -> None:
        super().__init__()
        self.deck = deck
        self.ahead_days = ahead_days
        self.extra_new = extra_new


class AnswerRevealed(Message):
    """The back of a card is now showing."""

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id


class CardGraded(Message):
    """An answer was committed to the store."""

    def __init__(self, answered: Answered) -> None:
        super().__init__()
        self.answered = answered

    @property
    def card_id(self) -> str:
        return self.answered.entry.card_id

    @property
    def grade(self) -> int:
        return self.answered.entry.grade


class ActionUndone(Message):
    """An answer, suspension or burial was taken back; its card is showing again."""

    def __init__(self, undone: Undone) -> None:
        super().__init__()
        self.undone = undone

"""Messages that travel up from screens and workers, named for what already happened.

Screens change the store themselves (they own their handlers) and then report: the app listens
to the start-up sync and to review requests, the review screen to its own deck-file checks.
Nothing here carries a widget, only data.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from cards.store.deck_sync import SyncReport


@dataclass
class DecksSynced(Message):
    """The deck files were synced into the store (posted from a thread worker)."""

    report: SyncReport


@dataclass
class SyncFailed(Message):
    """Syncing the deck files failed with an error meant for the user."""

    error: str


@dataclass
class AnkiSynced(Message):
    """A sync with Anki ended (posted from a thread worker): its report, or its error."""

    lines: list[str]
    error: str | None = None


@dataclass
class ReviewRequested(Message):
    """Someone asked to review a deck (None: every deck), perhaps ahead or with extra new cards."""

    deck: str | None
    ahead_days: int = 0
    extra_new: int = 0


@dataclass
class DeckFilesChecked(Message, bubble=False):
    """The deck files were looked at again after a grade (posted from a thread worker); for the
    review screen only, never taken for the start-up sync."""

    report: SyncReport


@dataclass
class DeckCheckFailed(Message, bubble=False):
    """Looking at the deck files again after a grade failed (a full disk, say)."""

    error: str

"""What a sync did: plain values, cheap to import for a sync with nothing to do."""

from __future__ import annotations

from dataclasses import dataclass, field

LAST_SYNC = "anki_last_sync"
"""Preference: when a sync with Anki last ended (the home screen shows it)."""


@dataclass(frozen=True, slots=True)
class AnkiEdit:
    """A Flywheel note whose text was changed in Anki since Flywheel last wrote it."""

    note_id: str
    deck: str
    fields: dict[str, str]
    """The note's fields as Anki had them (HTML), by field name."""


@dataclass
class NotesWritten:
    """What writing the notes did."""

    added: int = 0
    updated: int = 0
    edits: list[AnkiEdit] = field(default_factory=list)
    digests: dict[str, tuple[str, str]] = field(default_factory=dict)
    """GUID -> digest of the fields and tags now in Anki, for notes whose digest changed."""
    media: set[str] = field(default_factory=set)
    """Media file names the notes refer to."""


@dataclass
class SyncOutcome:
    """What one sync did."""

    server: str
    full: str = ""
    """"download" or "upload" after a one-way sync."""
    taken_in: int = 0
    sent: int = 0
    written: NotesWritten = field(default_factory=NotesWritten)
    rescheduled: int = 0
    left_in_anki: int = 0
    """Notes of Flywheel's note types in Anki that no deck file has any more."""

    @property
    def edits(self) -> list[AnkiEdit]:
        return self.written.edits

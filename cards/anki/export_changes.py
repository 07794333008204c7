"""Notes whose kind changed since the package at the export path was written.

Anki matches an imported note to its own by id, and keeps its own when the note types differ:
a note turned from basic into cloze would silently stay basic. Reading the previous package
(when the export goes to the same file) finds such notes so the export can say so.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from cards.anki.export_notes import note_guid
from cards.anki.note_types import MODEL_SPECS
from cards.decks.models import Deck
from cards.decks.vocabulary import NoteKind

_COLLECTIONS = ("collection.anki21", "collection.anki2")
_KIND_OF_MODEL = {spec.id: kind for kind, spec in MODEL_SPECS.items()}


def changed_kinds(package: Path, decks: Iterable[Deck]) -> list[tuple[str, NoteKind, NoteKind]]:
    """(note id, kind in the package, kind now) for each note whose kind differs."""
    before = _package_kinds(package)
    if not before:
        return []
    changes = []
    for deck in decks:
        for note in deck.notes:
            old = before.get(note_guid(note.id))
            if old is not None and old is not note.kind:
                changes.append((note.id, old, note.kind))
    return changes


def _package_kinds(package: Path) -> dict[str, NoteKind]:
    """Note GUID -> kind, for the Flywheel notes in a package; empty if it cannot be read."""
    try:
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            name = next((name for name in _COLLECTIONS if name in names), None)
            if name is None:
                return {}
            data = archive.read(name)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return {}
    try:
        with closing(sqlite3.connect(":memory:")) as connection:
            connection.deserialize(data)
            rows = connection.execute("SELECT guid, mid FROM notes").fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {guid: _KIND_OF_MODEL[mid] for guid, mid in rows if mid in _KIND_OF_MODEL}

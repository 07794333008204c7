"""Flywheel's notes written into the mirror: added when missing, rewritten when the deck files
changed them, with the GUIDs, note types, fields and tags of `flywheel export`.

The deck files are the text's home, so a note edited in Anki is written over; but not silently:
when the note in Anki differs from what Flywheel last wrote there, its Anki fields are handed
back as an `AnkiEdit` for the caller to report and save.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from cards.anki.export_collection import Entry, ExportPlan
from cards.anki.export_media import anki_media_html
from cards.anki.export_notes import note_fields, note_tags
from cards.anki.export_safety import without_script_urls
from cards.anki.note_types import MODEL_SPECS
from cards.anki.sync.mirror import database
from cards.anki.sync.outcome import AnkiEdit, NotesWritten
from cards.decks.vocabulary import NoteKind
from cards.errors import FlywheelError

if TYPE_CHECKING:
    from anki.collection import Collection

FIELD_SEPARATOR = "\x1f"


def write_notes(
    col: Collection,
    plan: ExportPlan,
    types: Mapping[NoteKind, dict[str, Any]],
    digests: Mapping[str, tuple[str, str]],
    sources: Mapping[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> NotesWritten:
    """Add or update every planned note in the mirror (call inside one transaction).

    Args:
        digests: by GUID, the digests of the fields last written and of their source.
        sources: by note id, the digest of its source now; a note whose source is as when its
            fields were last written, and whose Anki copy is as written, is not rendered again.
    """
    from anki.collection import AddNoteRequest
    from anki.decks import DeckId
    from anki.notes import NoteId

    written = NotesWritten()
    existing = {
        guid: (note_id, mid, flds, tags)
        for note_id, guid, mid, flds, tags in database(col).all(
            "SELECT id, guid, mid, flds, tags FROM notes"
        )
    }
    additions: list[Any] = []
    blanks: dict[int, Any] = {}
    updates: list[Any] = []
    total, done = plan.notes, 0
    for planned in plan.decks:
        deck_id: int | None = None
        for entry in planned.entries:
            done += 1
            if progress is not None:
                progress(done, total)
            found = existing.get(entry.guid)
            source = sources.get(entry.note.id, "")
            last, last_source = digests.get(entry.guid, (None, None))
            if (
                found is not None
                and source
                and source == last_source
                and _digest(found[2].split(FIELD_SEPARATOR), found[3].split()) == last
            ):
                continue  # the same source, and Anki's copy as Flywheel wrote it
            wanted = _wanted(entry, written.media)
            tags = note_tags(entry.note, entry.deck_source)
            if found is None:
                if deck_id is None:
                    deck_id = _deck(col, planned.name, planned.description)
                note = _blank(col, types[entry.note.kind], blanks)
                note.guid = entry.guid
                _fill(note, wanted, tags)
                additions.append(AddNoteRequest(note, DeckId(deck_id)))
                written.digests[entry.guid] = (_digest(list(note.fields), tags), source)
                continue
            note_id, mid, flds, tag_text = found
            if mid != MODEL_SPECS[entry.note.kind].id:
                continue  # a note of another type (its kind changed): left as it is
            names = [f["name"] for f in types[entry.note.kind]["flds"]]
            have = flds.split(FIELD_SEPARATOR)
            have_digest = _digest(have, tag_text.split())
            want_digest = _digest([wanted.get(name, "") for name in names], tags)
            if have_digest == want_digest:
                if (last, last_source) != (want_digest, source):
                    written.digests[entry.guid] = (want_digest, source)
                continue
            if last is not None and last != have_digest:
                edit = AnkiEdit(entry.note.id, planned.name, dict(zip(names, have, strict=False)))
                written.edits.append(edit)
            note = col.get_note(NoteId(note_id))
            _fill(note, wanted, tags)
            updates.append(note)
            written.digests[entry.guid] = (want_digest, source)
    if additions:
        col.add_notes(additions)
    if updates:
        col.update_notes(updates, skip_undo_entry=True)
    written.added, written.updated = len(additions), len(updates)
    return written


def _wanted(entry: Entry, media: set[str]) -> dict[str, str]:
    """The note's fields as Flywheel writes them, by field name."""
    spec = MODEL_SPECS[entry.note.kind]
    values = note_fields(entry.note, "both", entry.deck_source, entry.faces)
    # Anki stores text in Unicode's composed form: compared and written in that form, a field
    # reads back as written.
    return {
        field.name: unicodedata.normalize("NFC", anki_media_html(value, media))
        for field, value in zip(spec.fields, values, strict=True)
    }


def _blank(col: Collection, notetype: dict[str, Any], blanks: dict[int, Any]) -> Any:
    """A new note of the type: a copy of one the library made (one library call per type,
    not per note, which costs seconds for thousands of notes)."""
    blank = blanks.get(notetype["id"])
    if blank is None:
        blank = blanks[notetype["id"]] = col.new_note(notetype)
    note = copy.copy(blank)
    note.fields = list(blank.fields)
    note.tags = []
    return note


def _fill(note: Any, wanted: Mapping[str, str], tags: list[str]) -> None:
    """Set the fields the note type has (an older type may lack some) and the tags."""
    for name in note.keys():  # noqa: SIM118 (an Anki note is not a dict)
        note[name] = wanted.get(name, "")
    note.tags = list(tags)


def _digest(fields: list[str], tags: list[str]) -> str:
    """Fields and tags, compared as Anki keeps them (it matches tags ignoring case)."""
    text = FIELD_SEPARATOR.join(fields) + "\n" + " ".join(sorted(tag.casefold() for tag in tags))
    return hashlib.sha256(text.encode()).hexdigest()


def _deck(col: Collection, name: str, description: str) -> int:
    """The deck's id, the deck made (with its description) when missing."""
    existing = col.decks.id_for_name(name)
    if existing:
        return int(existing)
    deck_id = col.decks.id(name, create=True)
    deck = col.decks.get(deck_id) if deck_id is not None else None
    if deck is None:
        raise FlywheelError(f"the Anki collection did not keep deck {name}")
    if description:
        deck["desc"] = without_script_urls(description)
        col.decks.save(deck)
    return int(deck["id"])

"""The package's collection: Flywheel decks planned into Anki decks and written by genanki.

Notes go in as genanki writes them (new cards in deck-file order); `cards.anki.export_schedule` then
turns the cards Flywheel has reviewed into Anki review cards and adds the review log.
"""

from __future__ import annotations

import html
import itertools
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import genanki

from cards.anki.export_html import block_html
from cards.anki.export_media import anki_media_html
from cards.anki.export_notes import (
    DECK_ID_MIN,
    DECK_ID_SPAN,
    deck_id,
    exported_faces,
    genanki_model,
    note_fields,
    note_guid,
    note_tags,
)
from cards.anki.export_safety import fields_without_script_urls, without_script_urls
from cards.anki.export_schedule import Schedules, write_schedules
from cards.anki.note_origins import Origins, origin_fields, origin_media, origin_model
from cards.anki.note_types import MODEL_SPECS
from cards.decks.models import Deck, DeckSource, Face, Note
from cards.decks.vocabulary import LANGUAGE_CHOICES, Language, LanguageChoice, NoteKind
from cards.errors import FlywheelError

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` after each note is written."""


class Entry(NamedTuple):
    """A note on its way into the package."""

    note: Note
    deck_source: DeckSource | None
    guid: str
    faces: dict[Language, Face]


@dataclass
class PlannedDeck:
    """One Anki deck: Flywheel decks of the same name (ignoring case) are merged."""

    id: int
    name: str
    description: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class ExportPlan:
    """What an export will write, before anything is written."""

    lang: LanguageChoice
    decks: list[PlannedDeck]
    skipped: int = 0
    """Notes left out because they lack the chosen language."""

    @property
    def notes(self) -> int:
        return sum(len(deck.entries) for deck in self.decks)

    def kinds(self) -> set[NoteKind]:
        return {entry.note.kind for deck in self.decks for entry in deck.entries}


def plan_export(decks: Iterable[Deck], lang: LanguageChoice = "both") -> ExportPlan:
    """Group notes into Anki decks, drop notes without the chosen language, check uniqueness."""
    if lang not in LANGUAGE_CHOICES:
        raise FlywheelError(f"--lang must be one of {', '.join(LANGUAGE_CHOICES)}, not {lang!r}")
    by_name: dict[str, PlannedDeck] = {}
    used_ids: dict[int, str] = {}
    guids: dict[str, tuple[str, str]] = {}
    skipped = 0
    for deck in decks:
        key = deck.name.casefold()
        planned = by_name.get(key)
        if planned is None:
            planned = PlannedDeck(_unique_deck_id(deck.name, used_ids), deck.name, "")
            by_name[key] = planned
        if not planned.description:
            planned.description = _deck_description(deck)
        for note in deck.notes:
            faces = exported_faces(note, lang)
            if not faces:
                skipped += 1
                continue
            guid = note.guid or note_guid(note.id)
            if guid in guids:
                other_id, other_deck = guids[guid]
                if other_id == note.id:
                    raise FlywheelError(f"note {note.id} appears twice (in {other_deck} too)")
                raise FlywheelError(
                    f"notes {other_id} and {note.id} have the same Anki GUID {guid}"
                )
            guids[guid] = (note.id, deck.name)
            planned.entries.append(Entry(note, deck.source, guid, faces))
    kept = [deck for deck in by_name.values() if deck.entries]
    return ExportPlan(lang, kept, skipped)


def _unique_deck_id(name: str, used: dict[int, str]) -> int:
    """`deck_id(name)`, probing past the (astronomically rare) collision within one package."""
    candidate = deck_id(name)
    while candidate in used:
        candidate = DECK_ID_MIN + (candidate - DECK_ID_MIN + 1) % DECK_ID_SPAN
    used[candidate] = name
    return candidate


def _deck_description(deck: Deck) -> str:
    """Anki's deck description: the deck's own (Markdown) and its source document."""
    parts = [block_html(deck.description)] if deck.description.strip() else []
    source = deck.source
    bits = [source.title, source.author, source.outlet, source.date, source.file] if source else []
    if any(bits):
        text = ", ".join(html.escape(bit, quote=False) for bit in bits if bit)
        parts.append(f"<p>Source: {text}</p>")
    return "\n".join(parts)


def _leech_tag(note: Note, schedules: Schedules | None) -> list[str]:
    """Anki's `leech` tag for a note with a card Flywheel marked a leech (and suspended), as
    Anki itself tags one."""
    if schedules is None or "leech" in note.tags:
        return []
    for template in note.templates():
        schedule = schedules.cards.get(f"{note.id}#{template}")
        if schedule is not None and schedule.leech:
            return ["leech"]
    return []


@dataclass(frozen=True)
class BuiltCollection:
    """The package's SQLite collection and what went into it."""

    database: bytes
    cards: int
    reviewed: int
    """Cards written with a review schedule (none without `schedules`)."""
    media: set[str]
    """Names of the media files the notes refer to."""


def build_collection(
    plan: ExportPlan,
    timestamp: int,
    progress: Progress | None = None,
    schedules: Schedules | None = None,
    origins: Origins | None = None,
) -> BuiltCollection:
    """The package's SQLite collection, built in memory by genanki; notes imported from Anki
    go back as the note types they came with (`origins`)."""
    origins = origins or Origins()
    models = {kind: genanki_model(MODEL_SPECS[kind]) for kind in sorted(plan.kinds())}
    used = {
        origin.notetype_id
        for deck in plan.decks
        for entry in deck.entries
        if (origin := origins.of(entry.note, entry.guid)) is not None
    }
    anki_models = {nid: origin_model(nid, origins.notetypes[nid]) for nid in sorted(used)}
    anki_decks = []
    for planned in plan.decks:
        description = without_script_urls(planned.description)
        anki_deck = genanki.Deck(planned.id, planned.name, description)
        for model in [*models.values(), *anki_models.values()]:
            anki_deck.add_model(model)
        anki_decks.append(anki_deck)
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        ids = itertools.count(timestamp * 1000)  # note and card ids, as genanki makes them
        # Writes the schema, the decks and the note types; the notes follow one by one.
        genanki.Package(anki_decks).write_to_db(cursor, timestamp, ids)
        cards = done = 0
        total = plan.notes
        media: set[str] = set()
        for planned in plan.decks:
            for entry in planned.entries:
                note = entry.note
                done += 1
                origin = origins.of(note, entry.guid)
                if origin is None:
                    model = models[note.kind]
                    texts = note_fields(note, plan.lang, entry.deck_source, entry.faces)
                else:
                    model = anki_models[origin.notetype_id]
                    texts = fields_without_script_urls(origin_fields(origin, note, entry.faces))
                    origin_media(texts, media)
                anki_note = genanki.Note(
                    model=model,
                    fields=[anki_media_html(text, media) for text in texts],
                    tags=note_tags(note, entry.deck_source) + _leech_tag(note, schedules),
                    guid=entry.guid,
                    due=done,  # new cards come up in deck-file order
                )
                anki_note.write_to_db(cursor, timestamp, planned.id, ids)
                cards += len(anki_note.cards)
                if progress is not None:
                    progress(done, total)
        reviewed = 0
        if schedules is not None:
            by_guid = {entry.guid: entry.note for deck in plan.decks for entry in deck.entries}
            reviewed = write_schedules(cursor, by_guid, schedules)
        connection.commit()
        return BuiltCollection(connection.serialize(), cards, reviewed, media)
    finally:
        connection.close()

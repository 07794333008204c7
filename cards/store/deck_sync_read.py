"""Reading a changed deck file as sync stores it: each note's id, JSON body and card ids.

A sound file's notes are validated one at a time and only what the rows need is kept, so a
10,000-note file never holds all its notes as models at once (the peak of a large import). A file
with any problem is read by `cards.decks.loading.validate_deck` instead, whose problems and
partial deck are the rule; such a file is rare, so holding it whole costs nothing in practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cards.decks.loading import citation_problem, parse_deck_file, parse_toml, validate_deck
from cards.decks.models import Deck, Note
from cards.decks.problems import Problem


@dataclass(frozen=True)
class StoredNote:
    """What sync writes of a validated note (its search row too)."""

    id: str
    body: str
    card_ids: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class StoredDeck:
    """A deck file's name, `[source]` header (JSON) and sound notes, in file order."""

    name: str
    source: str | None
    notes: list[StoredNote]


def stored_note(note: Note) -> StoredNote:
    body = note.model_dump_json(exclude_none=True)
    return StoredNote(note.id, body, note.card_ids(), tuple(note.tags))


def read_stored_deck(path: Path) -> tuple[StoredDeck | None, list[Problem]]:
    """The same deck and problems as `cards.decks.loading.read_deck`, in the rows' terms."""
    parsed = parse_deck_file(path)
    if isinstance(parsed, Problem):
        return None, [parsed]
    text, data = parsed
    del parsed
    lean = _read_sound(path, text, data)
    if lean is not None:
        return lean
    del data  # `_read_sound` let go of the notes it checked: parse the text again
    deck_file, problems = validate_deck(path, text, parse_toml(text))
    if deck_file is None:
        return None, problems
    deck = deck_file.deck
    source = deck.source.model_dump_json(exclude_none=True) if deck.source else None
    return StoredDeck(deck.name, source, [stored_note(note) for note in deck.notes]), problems


def _read_sound(
    path: Path, text: str, data: dict[str, Any]
) -> tuple[StoredDeck, list[Problem]] | None:
    """The file's deck when every part of it is valid, or None (to be read the careful way).

    The header is checked with the first note as the deck's model checks it, and every note on its
    own; together those are the whole deck's checks (it has no rule across notes). Each note's
    table is dropped from `data` once its row is made.
    """
    raw_notes = data.get("notes")
    if not isinstance(raw_notes, list) or not raw_notes:
        return None
    try:
        header = Deck.model_validate({**data, "notes": raw_notes[:1]})
    except ValidationError:
        return None
    notes: list[StoredNote] = []
    problems: list[Problem] = []
    for index in range(len(raw_notes)):
        try:
            note = Note.model_validate(raw_notes[index])
        except ValidationError:
            return None
        raw_notes[index] = None
        problem = citation_problem(path, text, header.source, note)
        if problem is not None:
            problems.append(problem)
        notes.append(stored_note(note))
    source = header.source.model_dump_json(exclude_none=True) if header.source else None
    return StoredDeck(header.name, source, notes), problems

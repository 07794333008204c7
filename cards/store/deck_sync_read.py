"""Reading a changed deck file as sync stores it: each note's id, JSON body and card ids.

A sound file is read about a thousand notes at a time (`cards.decks.deck_pieces`) and each note
validated on its own, keeping only what the rows need, so a 100,000-note file is never held
whole, as text, tables or models. Its notes stream to the caller, which writes them as they come;
any problem met on the way (a note that is not sound, a citation past the source) raises
`NotSound`, and the caller undoes what it wrote and reads the file by
`cards.decks.loading.validate_deck` instead, whose problems and partial deck are the rule. Such a
file is rare, so holding it whole costs nothing in practice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cards.decks.deck_pieces import DeckPieces, Unstreamable
from cards.decks.loading import citation_past_source, parse_deck_file, validate_deck
from cards.decks.models import Deck, Note
from cards.decks.problems import Problem


@dataclass(frozen=True)
class StoredNote:
    """What sync writes of a validated note (its search row too)."""

    id: str
    body: str
    card_ids: tuple[str, ...]
    tags: tuple[str, ...]


class NotSound(Exception):
    """The file has a problem that only reading it whole can name."""


@dataclass
class StoredDeck:
    """A deck file's name, `[source]` header (JSON) and sound notes, in file order."""

    name: str
    source: str | None
    notes: Iterable[StoredNote]
    """For a file read in pieces, read once as it streams (and may raise `NotSound`)."""


def stored_note(note: Note) -> StoredNote:
    body = note.model_dump_json(exclude_none=True)
    return StoredNote(note.id, body, note.card_ids(), tuple(note.tags))


def streamed_deck(path: Path) -> StoredDeck | None:
    """The file's deck with its notes streaming, or None when its header or first note already
    says it must be read whole. The file stays open until its notes have been read."""
    try:
        pieces = DeckPieces(path)
    except (Unstreamable, OSError):
        return None
    try:
        notes = pieces.notes()
        first = next(notes, None)
        if first is None:
            raise Unstreamable("no notes")
        header = Deck.model_validate({**pieces.header, "notes": [first]})
    except (Unstreamable, ValidationError):
        pieces.close()
        return None
    return StoredDeck(
        header.name, _source_json(header), _sound_notes(path, pieces, header, first, notes)
    )


def _sound_notes(
    path: Path,
    pieces: DeckPieces,
    header: Deck,
    first: dict[str, Any],
    rest: Iterator[dict[str, Any]],
) -> Iterator[StoredNote]:
    """Each note validated on its own: with the header's check (made with the first note),
    the deck's whole check, since it has no rule across notes."""
    with pieces:
        try:
            for raw in itertools.chain((first,), rest):
                note = Note.model_validate(raw)
                if citation_past_source(header.source, note):
                    raise NotSound(str(path))
                yield stored_note(note)
        except (ValidationError, Unstreamable):
            raise NotSound(str(path)) from None


def whole_stored_deck(path: Path) -> tuple[StoredDeck | None, list[Problem]]:
    """The same deck and problems as `cards.decks.loading.read_deck`, in the rows' terms."""
    parsed = parse_deck_file(path)
    if isinstance(parsed, Problem):
        return None, [parsed]
    text, data = parsed
    del parsed
    deck_file, problems = validate_deck(path, text, data)
    if deck_file is None:
        return None, problems
    deck = deck_file.deck
    notes = [stored_note(note) for note in deck.notes]
    return StoredDeck(deck.name, _source_json(deck), notes), problems


def read_stored_deck(path: Path) -> tuple[StoredDeck | None, list[Problem]]:
    """The file's deck and problems, its notes read into memory: read in pieces where it can
    be, whole otherwise (what sync does, without a database to write into as it reads)."""
    deck = streamed_deck(path)
    if deck is not None:
        try:
            notes = list(deck.notes)
        except NotSound:
            return whole_stored_deck(path)
        return StoredDeck(deck.name, deck.source, notes), []
    return whole_stored_deck(path)


def _source_json(deck: Deck) -> str | None:
    return deck.source.model_dump_json(exclude_none=True) if deck.source else None

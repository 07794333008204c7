"""Reading deck files: TOML in, validated decks and readable problems out.

A file with a bad note still yields its good notes, so one typo never hides a whole deck; every
problem is reported with the file, the line where it can be known, the note id and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import rtoml
from pydantic import ValidationError

from cards.decks.card import Card, SourceDetails, Wording
from cards.decks.lines import first_note_lines, locate, note_line
from cards.decks.models import Deck, DeckSource, Note
from cards.decks.problems import Problem, duplicate_note_id, from_validation_error
from cards.gc_pause import cycle_collector_paused

_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class DeckFile:
    """A deck and the file it came from."""

    path: Path
    deck: Deck

    def cards(self) -> Iterator[Card]:
        source = source_details(self.deck.source)
        for note in self.deck.notes:
            yield from cards_of(note, self.deck.name, source)


def cards_of(note: Note, deck: str, source: SourceDetails | None = None) -> list[Card]:
    """Every card `note` makes, in template order: the same cards `cards.decks.card.from_stored`
    makes from what sync stored of the note."""
    wordings = {
        language: Wording(face.front, face.back, face.text, face.extra)
        for language, face in note.faces().items()
    }
    citation = str(note.source) if note.source else None
    return [
        Card(note.id, template, deck, note.kind, wordings, note.tags, citation, source)
        for template in note.templates()
    ]


def source_details(source: DeckSource | None) -> SourceDetails | None:
    """A deck's `[source]` as cards carry it, and as sync stores it."""
    return None if source is None else cast(SourceDetails, source.model_dump(exclude_none=True))


@dataclass
class Collection:
    """Every deck in use, and every problem found while reading them."""

    decks: list[DeckFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def notes(self) -> Iterator[tuple[DeckFile, Note]]:
        for deck_file in self.decks:
            for note in deck_file.deck.notes:
                yield deck_file, note

    def cards(self) -> Iterator[Card]:
        for deck_file in self.decks:
            yield from deck_file.cards()


def load_collection(paths: Iterable[Path]) -> Collection:
    """Read every deck file and check note ids are unique across all of them."""
    with cycle_collector_paused():
        return _load_collection(paths)


def _load_collection(paths: Iterable[Path]) -> Collection:
    collection = Collection()
    note_ids = NoteIds()
    for path in paths:
        deck_file, problems = read_deck(path)
        collection.problems.extend(problems)
        if deck_file is None:
            continue
        notes = deck_file.deck.notes
        firsts, duplicates = note_ids.claim(path, [note.id for note in notes])
        collection.problems.extend(duplicates)
        kept = tuple(note for note, first in zip(notes, firsts, strict=True) if first)
        if kept:
            deck = deck_file.deck.model_copy(update={"notes": kept})
            collection.decks.append(DeckFile(path, deck))
    return collection


class NoteIds:
    """The note ids met so far, file after file: an id declared again is a duplicate."""

    def __init__(self) -> None:
        self._first: dict[str, Path] = {}

    def claim(self, path: Path, ids: Iterable[str]) -> tuple[list[bool], list[Problem]]:
        """Which of `path`'s note ids (in file order) are first declarations, and a problem
        for each one that is not."""
        firsts: list[bool] = []
        problems: list[Problem] = []
        seen_here: Counter[str] = Counter()
        for note_id in ids:
            seen_here[note_id] += 1
            first = self._first.setdefault(note_id, path)
            firsts.append(first == path and seen_here[note_id] == 1)
            if not firsts[-1]:
                line = note_line(path, note_id, seen_here[note_id])
                where = f"{first}:{note_line(first, note_id) or '?'}"
                first_at = f"first declared at {where}"
                problems.append(duplicate_note_id(path, note_id, line, first_at))
        return firsts, problems


def read_deck(path: Path) -> tuple[DeckFile | None, list[Problem]]:
    """Parse and validate one deck file; the deck holds whichever notes are sound."""
    with cycle_collector_paused():
        return _read_deck(path)


def _read_deck(path: Path) -> tuple[DeckFile | None, list[Problem]]:
    parsed = parse_deck_file(path)
    if isinstance(parsed, Problem):
        return None, [parsed]
    return validate_deck(path, *parsed)


def parse_deck_file(path: Path) -> tuple[str, dict[str, Any]] | Problem:
    """The file's text and its TOML, or the one problem that stops it being read at all."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(path, f"cannot read: {error.strerror or error}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(path, f"not UTF-8 text (byte 0x{raw[error.start]:02x})", line)
    del raw
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        message = _TOML_LINE.sub("", str(error)).replace("(, column", "(column").strip()
        return Problem(path, f"TOML syntax: {message}", int(found.group(1)) if found else None)
    return text, data


def parse_toml(text: str) -> dict[str, Any]:
    """Parse deck text with rtoml (about six times faster than `tomllib` on large decks).

    Text it refuses goes to `tomllib`, whose error names the line; so a syntax error reads the
    same whichever parser found it, and `tomllib` has the last word where the two disagree.
    """
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError as fast_error:
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            raise
        except RecursionError:
            reason = "arrays or tables nested too deeply"
        except ValueError:  # an integer past Python's 4,300-digit conversion limit
            reason = "a number too long to read"
        found = _TOML_LINE.search(str(fast_error))
        where = f" at line {found.group(1)}" if found else ""
        raise tomllib.TOMLDecodeError(f"{reason}{where}") from None


def validate_deck(
    path: Path, text: str, data: dict[str, Any]
) -> tuple[DeckFile | None, list[Problem]]:
    """The deck holding whichever notes of `data` are sound, and the problems of the rest."""
    try:
        deck = Deck.model_validate(data)
    except ValidationError as error:
        errors = from_validation_error(error)
    else:
        return DeckFile(path, deck), _citation_problems(path, text, deck)
    problems = [locate(path, text, data, loc, message) for loc, message in errors]
    sound = _sound_notes(data.get("notes"))
    header = {key: value for key, value in data.items() if key != "notes"}
    try:
        partial = Deck.model_validate({**header, "notes": sound}) if sound else None
    except ValidationError:
        partial = None
    return (DeckFile(path, partial) if partial else None), problems


def _sound_notes(raw_notes: object) -> list[Note]:
    if not isinstance(raw_notes, list):
        return []
    sound = []
    for raw in raw_notes:
        try:
            sound.append(Note.model_validate(raw))
        except ValidationError:
            continue
    return sound


def _citation_problems(path: Path, text: str, deck: Deck) -> list[Problem]:
    """Citations of the deck's own source must fall inside it."""
    source = deck.source
    if source is None or source.file is None or source.lines is None:
        return []
    problems = []
    lines: dict[str, int] | None = None
    for note in deck.notes:
        last = citation_past_source(source, note)
        if last is None:
            continue
        lines = first_note_lines(text) if lines is None else lines
        line = lines.get(note.id) or note_line(path, note.id, text=text)
        message = f"cites line {last} but {source.file} has {source.lines} lines"
        problems.append(Problem(path, message, line, note.id, "source.lines"))
    return problems


def citation_past_source(source: DeckSource | None, note: Note) -> int | None:
    """The last line a note cites, when it is past the end of its deck's own source."""
    if source is None or source.file is None or source.lines is None:
        return None
    if not note.source or note.source.file != source.file:
        return None
    last = max(last for _, last in note.source.ranges)
    return last if last > source.lines else None

"""Writing a new note into the user's deck file for its deck, checked before anything is written.

A note is validated by the same models as a deck file, given an id (a slug from its words when
none is chosen) that no other note uses, and appended to the deck's file in the user's folder:
an existing user deck, the user's copy of a built-in deck (made on this first edit), or a new
`<decks>/<deck-slug>.toml`. The file is replaced whole, so a crash never leaves half a note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from cards.decks.cloze import render_back
from cards.decks.folders import DECK_SUFFIX
from cards.decks.loading import Collection, parse_toml
from cards.decks.models import DECK_NAME, MAX_DECK_NAME_LENGTH, MAX_ID_LENGTH, MAX_TAG_LENGTH, Note
from cards.decks.problems import Problem, duplicate_note_id, field_path, from_validation_error
from cards.decks.romanize import romanized
from cards.decks.user_decks import (
    deck_slug,
    editable_file,
    ensure_schema,
    is_builtin,
    new_deck_path,
    write_file,
)
from cards.errors import FlywheelError

KINDS = ("basic", "reverse", "cloze")
_FACE_KEYS = ("front", "back", "text", "extra")


@dataclass(frozen=True)
class Draft:
    """What the add form or `flywheel add` collects; empty strings count as not given."""

    deck: str
    kind: str = "basic"
    en: dict[str, str] | None = None
    ko: dict[str, str] | None = None
    tags: tuple[str, ...] = ()
    note_id: str | None = None


class InvalidNote(FlywheelError):
    """The draft breaks a deck rule; `problems` says where, as `flywheel check` would."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class InUse:
    """What a new note must fit beside: the note ids taken and each deck file with its deck."""

    note_ids: frozenset[str]
    deck_files: tuple[tuple[str, Path], ...]

    @classmethod
    def of(cls, collection: Collection) -> InUse:
        """From deck files just read."""
        return cls(
            frozenset(note.id for _, note in collection.notes()),
            tuple((deck_file.deck.name, deck_file.path) for deck_file in collection.decks),
        )


@dataclass(frozen=True)
class Added:
    """The note written and the file it went into."""

    note: Note
    path: Path
    created: bool


def add_note(draft: Draft, in_use: InUse | Collection, user_decks: Path) -> Added:
    """Validate `draft` and append it to the user's file for its deck; nothing is written when
    it is invalid (raises `InvalidNote`)."""
    if isinstance(in_use, Collection):
        in_use = InUse.of(in_use)
    if (
        not DECK_NAME.match(draft.deck) or len(draft.deck) > MAX_DECK_NAME_LENGTH
    ):  # before it names a file
        message = "a deck name is words separated by '::', e.g. Amazon::Flywheel"
        where = user_decks / f"{deck_slug(draft.deck)}{DECK_SUFFIX}"
        raise InvalidNote([Problem(where, message, None, draft.note_id or None, "deck")])
    target, existing = _target(draft.deck, in_use, user_decks)
    taken = in_use.note_ids
    note = build_note(draft, taken, target)
    if existing is not None:
        path = editable_file(existing, user_decks)
        text = path.read_text("utf-8-sig")
        created = False
    else:
        path, created = target, True
        text = f"#:schema ./deck.schema.json\nname = {_string(draft.deck)}\n"
    new_text = text.rstrip("\n") + "\n\n" + note_toml(note)
    _confirm_round_trip(new_text, note, path)
    if path.parent.resolve() == user_decks.resolve():
        ensure_schema(user_decks)
    write_file(path, new_text.encode("utf-8"))
    return Added(note, path, created)


def build_note(draft: Draft, taken: Iterable[str], path: Path) -> Note:
    """The validated note for `draft`, with a fresh id when none was given."""
    taken = set(taken)
    data: dict[str, object] = {"kind": draft.kind}
    for language in ("en", "ko"):
        face = {key: value for key, value in (getattr(draft, language) or {}).items() if value}
        if face:
            data[language] = face
    if draft.tags:
        data["tags"] = list(draft.tags)
    chosen = draft.note_id or None
    data["id"] = chosen or _fresh_id(draft, taken)
    try:
        note = Note.model_validate(data)
    except ValidationError as error:
        label = chosen or None
        problems = [
            Problem(path, message, None, label, field_path(loc) or None)
            for loc, message in from_validation_error(error)
        ]
        raise InvalidNote(problems) from None
    if note.id in taken:
        raise InvalidNote([duplicate_note_id(path, note.id, None, "already in use")])
    return note


def note_toml(note: Note) -> str:
    """The note as a `[[notes]]` table in the style of the built-in decks."""
    lines = ["[[notes]]", f"id = {_string(note.id)}", f"kind = {_string(str(note.kind))}"]
    if note.tags:
        lines.append(f"tags = [{', '.join(_string(tag) for tag in note.tags)}]")
    if note.source is not None:
        source = note.source
        lines.append(
            f"source = {{ file = {_string(source.file)}, lines = {_string(source.lines)} }}"
        )
    for language, face in note.faces().items():
        for key in _FACE_KEYS:
            value = getattr(face, key)
            if value is not None:
                lines.append(f"{language}.{key} = {_string(value)}")
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _target(deck: str, in_use: InUse, user_decks: Path) -> tuple[Path, Path | None]:
    """(where a new file would go, the file in use for `deck` if it exists), preferring the
    user's own file over a built-in one."""
    files = [path for name, path in in_use.deck_files if name.casefold() == deck.casefold()]
    files.sort(key=is_builtin)
    existing = files[0] if files else None
    return (existing or new_deck_path(user_decks, deck)), existing


MAX_TEXT_LENGTH = 4000
"""The most characters the add form takes in one field of card text (a deck file may hold more):
a card is read at a glance, and a field without bounds let a stray paste stall the form."""
MAX_TAGS_LENGTH = 20 * (MAX_TAG_LENGTH + 2)
"""The add form's tags field: twenty tags of the longest kind, with their commas."""

_BASE_LENGTH = MAX_ID_LENGTH - 10
"""A made id is cut to this, leaving room for a number within the 200 an id may have."""
_PREFIX_LENGTH = 160
"""The deck's part of a made id, so some of the note's own words always follow it."""


def _fresh_id(draft: Draft, taken: set[str]) -> str:
    """`<last deck part>/<first words>`, numbered when already taken; Korean is romanised."""
    last_part = romanized(draft.deck.split("::")[-1]).casefold()
    prefix = "-".join(re.findall(r"[a-z0-9]+", last_part)) or "note"
    faces = [draft.en or {}, draft.ko or {}]
    words: list[str] = []
    for face in faces:
        text = face.get("front") or render_back(face.get("text") or "", 0) or ""
        words = re.findall(r"[a-z0-9]+", romanized(text).casefold())[:5]
        if words:
            break
    prefix = prefix[:_PREFIX_LENGTH].rstrip("-")
    base = f"{prefix}/{'-'.join(words) or 'note'}"[:_BASE_LENGTH].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _confirm_round_trip(text: str, note: Note, path: Path) -> None:
    """The written text must read back as the same note (a last guard before writing)."""
    try:
        data = parse_toml(text)
        read = [raw for raw in data.get("notes", []) if raw.get("id") == note.id]
        same = len(read) == 1 and Note.model_validate(read[0]) == note
    except (ValueError, ValidationError):
        same = False
    if not same:
        raise InvalidNote([Problem(path, "the deck file could not take the note", None, note.id)])

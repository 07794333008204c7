"""The content model: notes and decks as written in deck files, and the cards they make.

Models are frozen and forbid unknown keys, so a misspelt key in a deck file is an error rather
than a silently ignored field.
"""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cards.decks import cloze
from cards.decks.vocabulary import Language, NoteKind

SLUG_PATH = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$"
LINE_RANGES = r"^\d+(?:-\d+)?(?:\s*,\s*\d+(?:-\d+)?)*$"

MAX_ID_LENGTH = 200
MAX_TAG_LENGTH = 100
MAX_DECK_NAME_LENGTH = 200

NoteId = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATH, max_length=MAX_ID_LENGTH),
    Field(description="Stable slug, e.g. `flywheel/momentum`: lowercase words joined by - and /."),
]
Tag = Annotated[
    str,
    StringConstraints(pattern=r"^[^\s]+$", max_length=MAX_TAG_LENGTH),
    Field(description="A tag without spaces (Anki splits tags on spaces)."),
]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
AnkiGuid = Annotated[
    str,
    StringConstraints(pattern=r"^[^\s\x1f]+$", max_length=100),
    Field(
        description="The note's Anki GUID, kept from an Anki import so that exporting the note "
        "again updates it in Anki; by default the GUID derives from the note id."
    ),
]


class Strict(BaseModel):
    """Base for deck-file models: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Face(Strict):
    """A note's wording in one language."""

    front: Text | None = Field(None, description="Question side (basic and reverse notes).")
    back: Text | None = Field(None, description="Answer side (basic and reverse notes).")
    text: Text | None = Field(None, description="Cloze text with {{c1::answer}} gaps.")
    extra: Text | None = Field(None, description="Explanation shown after the answer.")

    @field_validator("text")
    @classmethod
    def _cloze_markup_is_sound(cls, text: str | None) -> str | None:
        problem = None if text is None else cloze.markup_problem(text)
        if problem:
            raise ValueError(problem)
        return text


class SourceRef(Strict):
    """Where in a source document a note's facts come from."""

    file: Text = Field(description="The source file's name.")
    lines: Annotated[str, StringConstraints(pattern=LINE_RANGES)] = Field(
        description='Line numbers, 1-based: "5", "5-7" or "5-7,9".'
    )

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        """The cited lines as inclusive (first, last) pairs."""
        pairs = []
        for part in self.lines.split(","):
            first, _, last = part.strip().partition("-")
            pairs.append((int(first), int(last or first)))
        return tuple(pairs)

    @model_validator(mode="after")
    def _ranges_ascend(self) -> Self:
        for first, last in self.ranges:
            if first < 1 or last < first:
                raise ValueError(f"line range {first}-{last} must satisfy 1 <= first <= last")
        return self

    def __str__(self) -> str:
        return f"{self.file}:{self.lines}"


class Note(Strict):
    """One idea, written in English, Korean or both, that makes one or more cards."""

    id: NoteId
    kind: NoteKind = NoteKind.BASIC
    en: Face | None = Field(None, description="English wording.")
    ko: Face | None = Field(None, description="Korean wording.")
    tags: tuple[Tag, ...] = ()
    source: SourceRef | None = Field(None, description="Citation of the source document.")
    guid: AnkiGuid | None = None

    @field_validator("en", "ko")
    @classmethod
    def _face_fits_kind(cls, face: Face | None, info: ValidationInfo) -> Face | None:
        kind = info.data.get("kind")
        if face is not None and kind is not None:
            _check_cloze_face(face) if kind is NoteKind.CLOZE else _check_basic_face(face, kind)
        return face

    @model_validator(mode="after")
    def _languages_agree(self) -> Self:
        en, ko = self.en, self.ko
        if en is None and ko is None:
            raise ValueError("a note needs text in at least one language (en or ko)")
        if self.kind is NoteKind.CLOZE and en is not None and ko is not None:
            en_numbers, ko_numbers = cloze.numbers(en.text or ""), cloze.numbers(ko.text or "")
            if en_numbers != ko_numbers:
                raise ValueError(
                    f"en uses cloze numbers {list(en_numbers)} but ko uses {list(ko_numbers)}"
                )
        return self

    def faces(self) -> dict[Language, Face]:
        """The languages this note is written in, English first."""
        faces: dict[Language, Face] = {}
        if self.en is not None:
            faces["en"] = self.en
        if self.ko is not None:
            faces["ko"] = self.ko
        return faces

    def templates(self) -> tuple[str, ...]:
        """Names of the cards this note makes: `fwd`, `rev`, `c1`, `c2`..."""
        if self.kind is NoteKind.BASIC:
            return ("fwd",)
        if self.kind is NoteKind.REVERSE:
            return ("fwd", "rev")
        face = self.en or self.ko
        text = face.text if face is not None else None
        return tuple(f"c{n}" for n in cloze.numbers(text or ""))

    def card_ids(self) -> tuple[str, ...]:
        """Stable card ids: the note id plus the template, e.g. `flywheel/momentum#c2`."""
        return tuple(f"{self.id}#{template}" for template in self.templates())


def _check_cloze_face(face: Face) -> None:
    if face.front is not None or face.back is not None:
        raise ValueError("a cloze note has `text`, not `front`/`back`")
    if face.text is None:
        raise ValueError("a cloze note needs `text`")
    if not cloze.numbers(face.text):
        raise ValueError("a cloze note needs at least one {{c1::...}} deletion in `text`")


def _check_basic_face(face: Face, kind: NoteKind) -> None:
    if face.text is not None:
        raise ValueError(f"a {kind} note has `front` and `back`, not `text`")
    missing = [name for name in ("front", "back") if getattr(face, name) is None]
    if missing:
        raise ValueError(f"a {kind} note needs `{'` and `'.join(missing)}`")


class DeckSource(Strict):
    """Bibliographic facts of the document a deck is derived from."""

    file: Text | None = Field(None, description="The source file's name.")
    lines: int | None = Field(None, ge=1, description="Line count of the source file.")
    title: Text | None = Field(None, description="The document's own title, as written.")
    title_en: Text | None = Field(
        None, description="The title in English, shown above English cards (else `title`)."
    )
    author: Text | None = None
    outlet: Text | None = Field(None, description="Publisher, periodical or site.")
    date: Text | None = Field(None, description='As precise as known: "2017", "2021-08-09".')
    kind: Text | None = Field(None, description="Book review, essay, newspaper column...")
    url: Text | None = None


DECK_NAME = re.compile(r"^[^:\s](?:[^:]*[^:\s])?(?:::[^:\s](?:[^:]*[^:\s])?)*$")


class Deck(Strict):
    """A named set of notes; `::` in the name nests decks as in Anki."""

    name: Annotated[
        str, StringConstraints(pattern=DECK_NAME.pattern, max_length=MAX_DECK_NAME_LENGTH)
    ] = Field(description='Deck name with Anki\'s hierarchy, e.g. "Amazon::Customer Obsession".')
    description: str = ""
    source: DeckSource | None = None
    notes: tuple[Note, ...]

    @model_validator(mode="after")
    def _has_notes(self) -> Self:
        if not self.notes:
            raise ValueError("a deck needs at least one [[notes]] entry")
        return self

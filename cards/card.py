"""Cards: the reviewable items a note makes, and the text each side shows."""

from __future__ import annotations

from dataclasses import dataclass

from cards import cloze
from cards.models import Face, Language, Note, NoteKind


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable item: a note seen through one of its templates."""

    note: Note
    template: str
    deck: str

    @property
    def id(self) -> str:
        return f"{self.note.id}#{self.template}"

    def front(self, language: Language) -> str | None:
        """The question in `language`, or None when the note lacks that language."""
        face = self.note.faces().get(language)
        return None if face is None else _front(face, self.note.kind, self.template)

    def back(self, language: Language) -> str | None:
        """The answer in `language` (without the extra text)."""
        face = self.note.faces().get(language)
        return None if face is None else _back(face, self.note.kind, self.template)

    def extra(self, language: Language) -> str | None:
        face = self.note.faces().get(language)
        return None if face is None else face.extra


def cards_of(note: Note, deck: str) -> list[Card]:
    """Every card `note` makes, in template order."""
    return [Card(note, template, deck) for template in note.templates()]


def _front(face: Face, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_front(face.text or "", int(template[1:]))
    return (face.back if template == "rev" else face.front) or ""


def _back(face: Face, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_back(face.text or "", int(template[1:]))
    return (face.front if template == "rev" else face.back) or ""

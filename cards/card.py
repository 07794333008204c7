"""Cards: the reviewable items a note makes, and the text each side shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cards import cloze
from cards.models import LANGUAGES, DeckSource, Face, Language, LanguageChoice, Note, NoteKind

Side = Literal["front", "back", "extra"]


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable item: a note seen through one of its templates."""

    note: Note
    template: str
    deck: str
    source: DeckSource | None = None  # the deck's source document, for the card's header

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

    def shown(self, side: Side, language: LanguageChoice) -> str:
        """One side as a reader sees it: in `language`, or English then Korean for `both`.

        A note written in one language only shows that one whatever is chosen, so a card is
        never blank because of the language setting.
        """
        text_of: Callable[[Language], str | None] = getattr(self, side)
        chosen = LANGUAGES if language == "both" else (language,)
        texts = [text for lang in chosen if (text := text_of(lang))]
        if not texts:
            texts = [text for lang in LANGUAGES if (text := text_of(lang))][:1]
        return "\n\n".join(texts)


def cards_of(note: Note, deck: str, source: DeckSource | None = None) -> list[Card]:
    """Every card `note` makes, in template order."""
    return [Card(note, template, deck, source) for template in note.templates()]


def _front(face: Face, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_front(face.text or "", int(template[1:]))
    return (face.back if template == "rev" else face.front) or ""


def _back(face: Face, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_back(face.text or "", int(template[1:]))
    return (face.front if template == "rev" else face.back) or ""

"""Cards: the reviewable items a note makes, and the text each side shows.

A card is plain data, built from a validated note either as it is read from a deck file
(`cards.decks.loading`) or as sync stored it (`from_stored`), so showing a card never needs
Pydantic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypedDict

from cards.decks import cloze
from cards.decks.vocabulary import LANGUAGES, Language, LanguageChoice, NoteKind

Side = Literal["front", "back", "extra"]


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Wording(NamedTuple):
    """A note's text in one language, as validated (`cards.decks.models.Face`)."""

    front: str | None = None
    back: str | None = None
    text: str | None = None
    extra: str | None = None


class SourceDetails(TypedDict, total=False):
    """A deck's `[source]` as validated (`cards.decks.models.DeckSource`) and stored at sync."""

    file: str
    lines: int
    title: str
    title_en: str
    author: str
    outlet: str
    date: str
    kind: str
    url: str


@dataclass(frozen=True, slots=True)
class Card:
    """One reviewable item: a note seen through one of its templates."""

    note_id: str
    template: str
    deck: str
    kind: NoteKind
    wordings: Mapping[Language, Wording]
    tags: tuple[str, ...] = ()
    citation: str | None = None  # the note's source lines, `file:lines`
    source: SourceDetails | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return f"{self.note_id}#{self.template}"

    def front(self, language: Language) -> str | None:
        """The question in `language`, or None when the note lacks that language."""
        wording = self.wordings.get(language)
        return None if wording is None else _front(wording, self.kind, self.template)

    def back(self, language: Language) -> str | None:
        """The answer in `language` (without the extra text)."""
        wording = self.wordings.get(language)
        return None if wording is None else _back(wording, self.kind, self.template)

    def extra(self, language: Language) -> str | None:
        wording = self.wordings.get(language)
        return None if wording is None else wording.extra

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

    def shown_language(self, language: LanguageChoice) -> LanguageChoice:
        """The language(s) the question is shown in when `language` is chosen: a note in one
        language shows that one whatever is chosen (as `shown` does)."""
        present = [lang for lang in LANGUAGES if self.front(lang)]
        chosen = LANGUAGES if language == "both" else (language,)
        shown = [lang for lang in chosen if lang in present] or present[:1]
        if len(shown) == len(LANGUAGES):
            return "both"
        return shown[0] if shown else language

    def source_title(self, language: LanguageChoice) -> str | None:
        """The deck's source title for cards shown in `language`: English sides read
        `title_en`, Korean ones the title as written."""
        source = self.source or {}
        if language == "ko":
            return source.get("title") or source.get("title_en")
        return source.get("title_en") or source.get("title")


def from_stored(
    body: Mapping[str, Any], template: str, deck: str, source: SourceDetails | None
) -> Card:
    """The card `template` of a note as sync stored it: the validated note's JSON."""
    wordings = {
        language: Wording(
            wording.get("front"), wording.get("back"), wording.get("text"), wording.get("extra")
        )
        for language in LANGUAGES
        if (wording := body.get(language)) is not None
    }
    cited = body.get("source")
    citation = f"{cited['file']}:{cited['lines']}" if cited else None
    kind = NoteKind(body.get("kind", NoteKind.BASIC))
    return Card(
        body["id"], template, deck, kind, wordings, tuple(body.get("tags", ())), citation, source
    )


def _front(wording: Wording, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_front(wording.text or "", int(template[1:]))
    return (wording.back if template == "rev" else wording.front) or ""


def _back(wording: Wording, kind: NoteKind, template: str) -> str:
    if kind is NoteKind.CLOZE:
        return cloze.render_back(wording.text or "", int(template[1:]))
    return (wording.front if template == "rev" else wording.back) or ""

"""A card's question and, once revealed, its answer, extra text and source citation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Label, Markdown, Rule, Static

from cards.card import Card
from cards.media import media_names, with_placeholders
from cards.vocabulary import LanguageChoice, NoteKind
from tui.services import LANGUAGE_NAMES

KIND_NAMES = {"new": "new", "review": "review", "drill": "drill (again today)"}


class CardView(VerticalScroll, can_focus=False):
    """Shows one card. The screen decides what is revealed; this widget only draws it."""

    def compose(self) -> ComposeResult:
        yield Label(id="card-meta")
        yield Markdown(id="front")
        yield Rule(id="divider", line_style="heavy")
        yield Markdown(id="back")
        yield Markdown(id="extra")
        yield Static(id="source")

    async def show(
        self, card: Card, kind: str, language: LanguageChoice, revealed: bool
    ) -> list[str]:
        """Draw `card`; awaited so that the next key sees the finished screen.

        Pictures and sounds are drawn as named placeholders; returns the media files shown."""
        cloze = card.kind is NoteKind.CLOZE
        title = card.source_title(language)
        where = f"{card.deck}  ·  {title}" if title else card.deck
        self.query_one("#card-meta", Label).update(
            f"{escape(where)}  ·  {KIND_NAMES.get(kind, kind)}  ·  {LANGUAGE_NAMES[language]}"
        )
        # A cloze's answer is its whole text with the gap filled: it replaces the question.
        question = card.shown("back" if cloze and revealed else "front", language)
        await self.query_one("#front", Markdown).update(with_placeholders(question))
        self.set_class(revealed, "-revealed")
        self.set_class(cloze, "-cloze")
        # Every answer part is rewritten on every draw (emptied before the reveal), and shown or
        # hidden by the stylesheet alone, so no earlier card's text can survive into a question.
        back = card.shown("back", language) if revealed and not cloze else ""
        extra = card.shown("extra", language) if revealed else ""
        source = card.citation if revealed else None
        await self.query_one("#back", Markdown).update(with_placeholders(back))
        await self.query_one("#extra", Markdown).update(with_placeholders(extra))
        self.set_class(not extra, "-no-extra")
        self.query_one("#source", Static).update(f"Source: {escape(source)}" if source else "")
        media = media_names(question) + media_names(back) + media_names(extra)
        self.scroll_home(animate=False)
        return list(dict.fromkeys(media))

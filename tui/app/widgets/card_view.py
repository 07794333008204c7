"""A card's question and, once revealed, its answer, extra text and source citation.

Each side is a `CardText`: plain text paints without loading Markdown, which is imported in a
thread once the first card is on screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Rule, Static

from cards.decks.card import Card
from cards.decks.media import media_names, with_placeholders
from cards.decks.vocabulary import LanguageChoice, NoteKind
from tui.app.widgets.card_text import CardText, preload_markdown
from tui.app.widgets.rewrite import rewrite
from tui.safe_text import markup
from tui.services import LANGUAGE_NAMES

KIND_NAMES = {"new": "new", "review": "review", "drill": "drill (again today)"}


class CardView(VerticalScroll):
    """Shows one card. The screen decides what is revealed; this widget only draws it.

    It takes the focus, so on a short terminal the arrow and page keys scroll to the end of a
    long answer (its extra text and source) instead of leaving it below the edge."""

    _preloading = False  # set once the Markdown import is scheduled

    def compose(self) -> ComposeResult:
        yield Label(id="card-meta")
        yield CardText(id="front")
        yield Rule(id="divider", line_style="heavy")
        yield CardText(id="back")
        yield CardText(id="extra")
        yield Static(id="source")

    async def show(
        self, card: Card, kind: str, language: LanguageChoice, revealed: bool
    ) -> list[str]:
        """Draw `card`; awaited so that the next key sees the finished screen.

        Pictures and sounds are drawn as named placeholders; returns the media files shown."""
        cloze = card.kind is NoteKind.CLOZE
        shown_in = card.shown_language(language)
        # A source's title can name an answer: it shows with the answer, as the Anki export does.
        title = card.source_title(shown_in) if revealed else None
        where = f"{card.deck}  ·  {title}" if title else card.deck
        rewrite(
            self.query_one("#card-meta", Label),
            f"{markup(where)}  ·  {KIND_NAMES.get(kind, kind)}  ·  {LANGUAGE_NAMES[shown_in]}",
        )
        # A cloze's answer is its whole text with the gap filled: it replaces the question.
        question = card.shown("back" if cloze and revealed else "front", language)
        front = self.query_one("#front", CardText)
        await front.show(with_placeholders(question))
        front.styles.text_style = "none" if cloze and revealed else "bold"
        # Every answer part is rewritten on every draw (emptied before the reveal), and shown or
        # hidden here, so no earlier card's text can survive into a question. Each part's own
        # `display` is set rather than a class on the view: a class restyles every child.
        back = card.shown("back", language) if revealed and not cloze else ""
        extra = card.shown("extra", language) if revealed else ""
        source = card.citation if revealed else None
        await self.query_one("#back", CardText).show(with_placeholders(back))
        await self.query_one("#extra", CardText).show(with_placeholders(extra))
        rewrite(self.query_one("#source", Static), f"Source: {markup(source)}" if source else "")
        answer_parts = {"#divider": revealed and not cloze, "#back": revealed and not cloze}
        answer_parts |= {"#extra": revealed and bool(extra), "#source": revealed}
        for selector, shown in answer_parts.items():
            self.query_one(selector).display = shown
        media = media_names(question) + media_names(back) + media_names(extra)
        self.scroll_home(animate=False)
        if not self._preloading:  # after this card's paint, so the first one never waits for it
            self._preloading = True
            self.call_after_refresh(self._preload_markdown)
        return list(dict.fromkeys(media))

    def _preload_markdown(self) -> None:
        self.run_worker(preload_markdown, name="preload-markdown", thread=True)

"""One side of a card (front, back or extra): plain text in a Static, Markdown only when needed.

Importing Textual's Markdown widget loads markdown-it, which the first paint should not wait for:
plain text (most cards) is shown as it is, and the Markdown widget is imported for the first text
with Markdown syntax, or in a thread once the first card is on screen (`preload_markdown`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from tui.app.widgets.rewrite import rewrite
from tui.plain_text import needs_markdown, paragraphs
from tui.safe_text import visible

if TYPE_CHECKING:
    from textual.widgets import Markdown


def preload_markdown() -> None:
    """Import the Markdown widget (and markdown-it) ahead of the first card that needs it."""
    from textual.widgets import Markdown  # noqa: F401


class CardText(Widget):
    """Shows one text, replaced whole at every `show`; `source` is the text last shown."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.source = ""
        self._markdown: Markdown | None = None
        self._markdown_empty = True  # what the Markdown child holds is already nothing
        self._marked_shows = 0  # Markdown texts shown, so a deferred emptying knows it is due

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, classes="card-plain")

    async def show(self, text: str) -> None:
        """Draw `text`; both children are rewritten, so nothing of an earlier text can stay.

        A Markdown child no longer needed is hidden at once and emptied after the paint:
        rebuilding it costs a frame or two, which the next card's paint need not wait for."""
        self.source = text
        text = visible(text)
        rich = needs_markdown(text)
        plain = "" if rich else paragraphs(text)
        static = self.query_one(".card-plain", Static)
        rewrite(static, plain)
        static.display = bool(plain)
        if rich:
            self._marked_shows += 1
            markdown = await self._markdown_widget()
            await markdown.update(text)
            self._markdown_empty = False
            markdown.display = True
        elif self._markdown is not None:
            self._markdown.display = False
            if not self._markdown_empty:
                self._markdown_empty = True
                self.call_after_refresh(self._empty_hidden_markdown, self._marked_shows)

    async def _empty_hidden_markdown(self, marked_shows: int) -> None:
        """The hidden Markdown child lets go of its earlier text, unless Markdown was shown
        since (its update, queued behind this one, would otherwise be undone)."""
        if self._markdown is not None and marked_shows == self._marked_shows:
            await self._markdown.update("")

    async def _markdown_widget(self) -> Markdown:
        """The Markdown child, imported and mounted on first need."""
        if self._markdown is None:
            from textual.widgets import Markdown

            self._markdown = Markdown(classes="card-markdown")
            await self.mount(self._markdown)
        return self._markdown

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

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, classes="card-plain")

    async def show(self, text: str) -> None:
        """Draw `text`; both children are rewritten, so nothing of an earlier text can stay."""
        self.source = text
        text = visible(text)
        rich = needs_markdown(text)
        plain = "" if rich else paragraphs(text)
        static = self.query_one(".card-plain", Static)
        rewrite(static, plain)
        static.display = bool(plain)
        if rich or (self._markdown is not None and not self._markdown_empty):
            markdown = await self._markdown_widget()
            await markdown.update(text if rich else "")  # rebuilding it costs a frame or two
            self._markdown_empty = not rich
        if self._markdown is not None:
            self._markdown.display = rich

    async def _markdown_widget(self) -> Markdown:
        """The Markdown child, imported and mounted on first need."""
        if self._markdown is None:
            from textual.widgets import Markdown

            self._markdown = Markdown(classes="card-markdown")
            await self.mount(self._markdown)
        return self._markdown

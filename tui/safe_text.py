"""Deck text on its way into the app's widgets: control characters shown as escapes.

Textual drops a few controls (bell, backspace, carriage return) but passes escape sequences on
to the terminal, so a card holding `\\x1b]2;...` would set the window's title, or worse, from the
review screen. Every text that comes from a deck file (card sides, deck names, tags, sources)
goes through `visible` before a widget gets it, as the command line's output goes through
`printable`; `markup` also escapes Rich markup for widgets that read it.
"""

from __future__ import annotations

from textual.markup import escape

from cards.decks.printable import visible

__all__ = ["markup", "visible"]


def markup(text: str) -> str:
    """`text` for a widget that reads markup: controls escaped, then its square brackets."""
    return escape(visible(text))

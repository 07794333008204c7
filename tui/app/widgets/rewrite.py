"""Rewriting a line of text only when it changes: Textual lays out and paints again at every
`update`, even to the same text, and the review redraws a dozen lines per card."""

from __future__ import annotations

from textual.widgets import Static


def rewrite(widget: Static, content: str) -> None:
    """Show `content` in `widget`, leaving it alone when it shows that already."""
    if widget.content != content:
        widget.update(content)

"""Text for a terminal: widths in cells (Korean takes two), clipped with "…", Markdown as plain.

Kept free of Textual and Rich so the scriptable commands can use it and still start fast.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from tui.plain_text import needs_markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ELLIPSIS = "…"


@cache
def char_width(char: str) -> int:
    """Cells a character takes: 2 for wide East Asian ones, 0 for combining marks, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Cells `text` takes on one line of a terminal."""
    return sum(char_width(char) for char in text)


def clip(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in "…" when it was cut."""
    if width(text) <= cells:
        return text
    if cells <= 0:
        return ""
    kept, used = [], 0
    for char in text:
        used += char_width(char)
        if used > cells - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    """All whitespace runs, newlines included, as single spaces."""
    return " ".join(text.split())


@cache
def _markdown() -> MarkdownIt:
    """One parser for every call (made on first use: the scriptable commands never need it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("html_inline")


def plain(markdown: str) -> str:
    """The words of a Markdown text without its markup, on one line (for lists and tables)."""
    if not needs_markdown(markdown):
        return one_line(markdown)  # most card text: no parser needed
    return parsed_plain(markdown)


def parsed_plain(markdown: str) -> str:
    """`plain`, always through the Markdown parser."""
    words: list[str] = []
    for block in _markdown().parse(markdown):
        for token in block.children or []:
            if token.type in ("text", "code_inline", "html_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif token.type == "image":
                words.append(token.content or "[image]")
        words.append(" ")
    return one_line("".join(words))

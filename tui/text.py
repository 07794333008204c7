"""Text for a terminal: widths in cells (Korean takes two), clipped with "…", Markdown as plain.

Widths are Rich's (`rich.cells`), the measure the screens draw with, so a clipped line fits
where it is drawn (emoji sequences and decomposed Hangul included). Importing this module loads
neither Textual nor Rich: the scriptable commands load Rich's measure only when they print.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tui.plain_text import needs_markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ELLIPSIS = "…"


def width(text: str) -> int:
    """Cells `text` takes on one line of a terminal."""
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in "…" when it was cut."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    return set_cell_size(text, cells - 1).rstrip() + ELLIPSIS


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

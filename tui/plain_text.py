"""Card text that Markdown would show as it is, so the first card paints without markdown-it.

Loading the Markdown parser costs start-up time, and most cards are plain sentences. The test is
deliberately cautious: any character or line start that Markdown (as Textual's widget parses it:
CommonMark with tables, strikethrough and bare links) could read as syntax sends the text to the
Markdown widget; a false alarm only costs a parse, a miss would change what the card shows.
"""

from __future__ import annotations

import re

# Anywhere in the text: emphasis, code, strikethrough, escapes, HTML and autolinks, "//" links,
# tables, e-mail addresses, entities, NUL (which the parser replaces), a hard line break (two
# spaces before a line that goes on), and a closing bracket that a link or image, a reference or
# a reference's definition follows. Brackets alone (a cloze question's gap, `[...]`) stay plain.
_INLINE = re.compile(r"[*_`~\\<>|@\x00]|//|&#?\w+;|  +\n(?=[^\n]*\S)|\]\s*[(\[:]")
# A bare domain such as amazon.com or www.example.org, which the parser turns into a link;
# "e.g.", "U.S." and "3.14" stay plain.
_DOMAIN = re.compile(r"\w\.[^\W\d_]{2,}")
# At the start of a line: headings, block quotes, list items, rules, setext underlines, fences,
# ordered list items ("1." or "1)"), indented code.
_BLOCK = re.compile(r"^(?: {0,3}(?:[#>+=*_~`-]|\d{1,9}[.)](?:\s|$))| {4})", re.MULTILINE)
# Tabs, CR, no-break and ideographic spaces: whitespace the parser treats apart.
_ODD_SPACE = re.compile(r"[^\S \n]")


def needs_markdown(text: str) -> bool:
    """True unless Markdown would show `text` as paragraphs of its own words, unchanged."""
    return bool(
        _ODD_SPACE.search(text)
        or _INLINE.search(text)
        or _DOMAIN.search(text)
        or _BLOCK.search(text)
    )


def paragraphs(text: str) -> str:
    """Plain `text` as the Markdown widget lays it out: blank-line separated paragraphs, each one
    line of its words (soft line breaks and runs of spaces become one space)."""
    blocks = re.split(r"\n *\n", text)
    return "\n\n".join(words for block in blocks if (words := " ".join(block.split())))

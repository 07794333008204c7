"""Card text for Anki: Markdown to HTML with raw HTML shown as text, cloze deletions kept whole.

Most card text is one plain line, perhaps with `*emphasis*`: such text skips the Markdown parser,
and property tests hold these shortcuts to exactly what markdown-it renders.
"""

from __future__ import annotations

import html
import re
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from cards.anki.export_safety import image_as_link
from cards.decks import cloze

_MD: Final = MarkdownIt("commonmark", {"html": False})
_MD.add_render_rule("image", image_as_link)  # no fetch from the web when a card is shown


def mathjax_rule(state: StateInline, silent: bool) -> bool:
    """MathJax, `\\(...\\)` or `\\[...\\]`, as text: Markdown would take its backslashes
    for escapes and its underscores and stars for emphasis."""
    start = state.pos
    opening = state.src[start : start + 2]
    if opening not in ("\\(", "\\["):
        return False
    closing = "\\)" if opening == "\\(" else "\\]"
    end = state.src.find(closing, start + 2, state.posMax)
    if end < 0:
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = state.src[start : end + 2]
    state.pos = end + 2
    return True


_MD.inline.ruler.before("escape", "mathjax", mathjax_rule)
# A single line is a plain paragraph unless it starts like a block: heading, quote, list item,
# thematic break, fence, link reference definition or HTML.
_BLOCK_START: Final = re.compile(r"[#>=~`\[<|]|[-+*](?:[ \t]|$)|\d{1,9}[.)]|[-*_ \t]+$")
_BLOCK_FIRST: Final = frozenset("#>=~`[<|-+*_ \t0123456789")
"""Every character `_BLOCK_START` can begin with: other first characters skip the regex."""
_MARKUP_BUT_STARS: Final = re.compile(r"[\\`_\[\]<&\r\n\x00]")
# `*word*` or `**a few words**` that CommonMark cannot read any other way: the opening run follows
# the start, a space or an opening quote/bracket and precedes a letter or digit; the closing run
# follows a letter or digit and precedes the end, a space or closing punctuation.
_SIMPLE_EMPHASIS: Final = re.compile(
    r"\*(?<![^ (\"']\*)(\*?)([^\W_](?:[^*]*?[^\W_])?)\*\1(?=$|[ .,;:!?)\"'])"
)
_PLACEHOLDER: Final = re.compile("\ue000(\\d+)\ue001")


def to_html(text: str) -> str:
    """Markdown to HTML; raw HTML is escaped, and a lone paragraph loses its `<p>` wrapper.

    Most card text is one plain line, perhaps with `*emphasis*`; such lines skip the parser, and
    a property test holds these shortcuts to exactly what markdown-it renders.
    """
    if "\n" not in text and "\r" not in text and text == text.strip() and not _starts_block(text):
        if not _has_markup(text):
            return text.replace(">", "&gt;").replace('"', "&quot;")
        return _inline_html(text)
    tokens = _MD.parse(text)
    if len(tokens) == 3 and tokens[0].type == "paragraph_open":
        tokens = tokens[1:2]
    rendered: str = _MD.renderer.render(tokens, _MD.options, {})
    return rendered.rstrip("\n")


def block_html(text: str) -> str:
    """Markdown to HTML keeping every block's tags, for longer text such as a deck description."""
    return str(_MD.render(text)).strip()


def _starts_block(text: str) -> bool:
    """True when a line of `text` would not be a plain paragraph (see `_BLOCK_START`)."""
    return text[:1] in _BLOCK_FIRST and _BLOCK_START.match(text) is not None


def _has_markup(text: str) -> bool:
    """True when `text` has a character that may start inline Markdown, or a line break.

    Written as `in` tests: each is a vectorised scan, far quicker than a regex character class.
    """
    return (
        "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "`" in text
        or "\\" in text
        or "<" in text
        or "&" in text
        or "\n" in text
        or "\r" in text
        or "\x00" in text
    )


def _inline_html(text: str) -> str:
    """Inline Markdown only: a paragraph's content, or a cloze answer inside a sentence."""
    if not _has_markup(text):
        return text.replace(">", "&gt;").replace('"', "&quot;")
    if not _MARKUP_BUT_STARS.search(text):
        simple = _simple_emphasis(text)
        if simple is not None:
            return simple
    return str(_MD.renderInline(text))


def _simple_emphasis(text: str) -> str | None:
    """HTML for text whose only markup is simple emphasis, or None when it is anything else."""
    out: list[str] = []
    start = 0
    for match in _SIMPLE_EMPHASIS.finditer(text):
        between = text[start : match.start()]
        if "*" in between:
            return None
        tag = "strong" if match.group(1) else "em"
        content = match.group(2).replace(">", "&gt;").replace('"', "&quot;")
        out.append(between.replace(">", "&gt;").replace('"', "&quot;"))
        out.append(f"<{tag}>{content}</{tag}>")
        start = match.end()
    rest = text[start:]
    if "*" in rest:
        return None
    out.append(rest.replace(">", "&gt;").replace('"', "&quot;"))
    return "".join(out)


def cloze_to_html(text: str) -> str:
    """Markdown to HTML for cloze text, keeping every `{{cN::answer::hint}}` deletion intact.

    Each deletion is set aside while the sentence is rendered, so Markdown can neither split it
    nor escape its braces; its answer and hint are rendered as inline Markdown on their own.
    """
    if (
        "\n" not in text
        and not _has_markup(text)
        and text == text.strip()
        and not _starts_block(text)
    ):
        return text.replace(">", "&gt;").replace('"', "&quot;")  # what the steps below give
    if "\ue000" in text or "\ue001" in text:
        return _plain_html(text)
    deletions: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        number, answer, hint = match.group(1), match.group(2), match.group(3)
        body = f"c{number}::{_inline_html(answer)}"
        if hint:
            body += f"::{_inline_html(hint)}"
        deletions.append("{{" + body + "}}")
        return f"\ue000{len(deletions) - 1}\ue001"

    restored: list[int] = []

    def restore(match: re.Match[str]) -> str:
        index = int(match.group(1))
        restored.append(index)
        return deletions[index] if index < len(deletions) else ""

    masked = cloze.DELETION.sub(set_aside, text)
    rendered = _PLACEHOLDER.sub(restore, to_html(masked))
    if restored != list(range(len(deletions))):
        return _plain_html(text)  # Markdown moved or dropped a deletion (e.g. into a link target)
    return rendered


def _plain_html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")

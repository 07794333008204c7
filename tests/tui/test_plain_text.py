"""Which card texts paint without Markdown: examples, and a check against markdown-it itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cards.decks.media import with_placeholders
from tui.plain_text import needs_markdown, paragraphs

PLAIN = [
    "",
    "What does Amazon mean by customer obsession?",
    "Leaders are right, a lot. They have strong judgment and good instincts!",
    "Bias for action: speed matters in business; many decisions are reversible (two-way doors).",
    'It\'s "Day 1" - always. Q&A, R&D, 50% off, $10, e.g. this, i.e. that, U.S. law, 3.14, 1.5x',
    "아마존의 리더십 원칙 중 '고객 집착'은 무엇을 뜻하나요?",
    "리더는 대부분 옳다. 그들은 판단력이 뛰어나고, 좋은 직관을 가지고 있다!",
    "First paragraph.\n\n두 번째 문단입니다.",
    "A line\nthat goes on.",
    "Words:   many   spaces, then a question?",
    "Why 1994? Because the web grew 2,300% a year.",
    "The capital of France is [...].",  # a cloze question: its gaps are plain brackets
    "[...] was founded in [year] by [...]",
    "두 번째 [...] 입니다.",
]
MARKDOWN = [
    "*emphasis*",
    "_emphasis_",
    "snake_case",
    "**strong**",
    "use `code` here",
    "```\nfenced\n```",
    "# Heading",
    "  ## indented heading",
    "Title\n=====",
    "Title\n---",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "2) second",
    "2024. 1. 15. 일요일",
    "[link](https://example.com)",
    "[link] (https://example.com)",
    "[text][label]",
    "[label]: https://example.com",
    "[label]\n\n[label]: /url",
    "see https://example.com",
    "visit amazon.com today",
    "www.example.org",
    "mail me@example.com",
    "![picture](media/map.png)",
    with_placeholders("What is shown? ![](media/map.png)"),
    "<b>bold</b>",
    "a <br> b",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> quoted",
    "\\*not emphasis\\*",
    "&amp; or &#38;",
    "~~struck~~",
    "    indented code",
    "hard  \nbreak",
    "tab\there",
    "no-break\u00a0space",
    "ideographic\u3000space",
    "windows\r\nline",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_sentences_need_no_markdown(text: str) -> None:
    assert not needs_markdown(text)


@pytest.mark.parametrize("text", MARKDOWN)
def test_markdown_syntax_is_recognised(text: str) -> None:
    assert needs_markdown(text)


def test_paragraphs_join_soft_breaks_and_keep_blank_lines() -> None:
    assert paragraphs("  One\nline,  two \n\n \n\nAnother.\n") == "One line, two\n\nAnother."
    assert paragraphs(" \n ") == ""


_PARSER = MarkdownIt("gfm-like")  # what Textual's Markdown widget parses with


def as_markdown_shows(text: str) -> str | None:
    """The text the Markdown widget would show, when it is only paragraphs of plain words (as
    Textual turns its inline tokens into text); None for anything else."""
    shown = []
    for token in _PARSER.parse(text):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline":
            return None
        words = []
        for child in token.children or []:
            if child.type == "text":
                words.append(re.sub(r"\s+", " ", child.content))
            elif child.type == "softbreak":
                words.append(" ")
            else:
                return None
        shown.append("".join(words))
    return "\n\n".join(shown)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_examples_show_as_markdown_would(text: str) -> None:
    assert as_markdown_shows(text) == paragraphs(text)


_PIECES = ["com", "www.", "http://", "&amp;", "1. ", "- ", "    ", "  \n"]
_ALPHABET = st.sampled_from(
    [*"ab가나 \n\n.,;:!?'\"()-+=#>*_`~\\[]<>|@&/%$^{}01239\t\u00a0\u3000\r", *_PIECES]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_text_called_plain_shows_as_markdown_would(text: str) -> None:
    """The safety of the fast path: whatever it calls plain, markdown-it reads as plain words in
    the same paragraphs."""
    if not needs_markdown(text):
        assert as_markdown_shows(text) == paragraphs(text)

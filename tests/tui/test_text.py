"""Plain text for lists: the fast path for text without markup agrees with the parser."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui import text
from tui.text import plain


def parsed(markdown: str) -> str:
    """`plain` as the Markdown parser has it, without the fast path."""
    original = text._MARKUP
    text._MARKUP = re.compile(r"(?s).")  # every text counts as marked up
    try:
        return plain(markdown)
    finally:
        text._MARKUP = original


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 가\n\t#-.1[]>`!:()~|=+*_\\&<\"'/?,"), max_size=40))
def test_text_without_markup_reads_as_the_parser_reads_it(sample: str) -> None:
    assert plain(sample) == parsed(sample)


def test_markup_is_still_taken_out() -> None:
    assert plain("**Day 1** and `code`\n\n- a list") == "Day 1 and code a list"
    assert plain("아마존의 *플라이휠*") == "아마존의 플라이휠"

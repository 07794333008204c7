"""Plain text for lists: the fast path for text without markup agrees with the parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text import parsed_plain, plain


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 가\n\t#-.1[]>`!:()~|=+*_\\&<\"'/?,"), max_size=40))
def test_text_without_markup_reads_as_the_parser_reads_it(sample: str) -> None:
    assert plain(sample) == parsed_plain(sample)


def test_markup_is_still_taken_out() -> None:
    assert plain("**Day 1** and `code`\n\n- a list") == "Day 1 and code a list"
    assert plain("아마존의 *플라이휠*") == "아마존의 플라이휠"

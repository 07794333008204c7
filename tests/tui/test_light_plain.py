"""The commands' plain text, taken off without the parser, agrees with the parser's (browse's)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.decks.loading import load_collection
from seeds import BUILTIN_DECKS
from tui.light_plain import light_plain
from tui.text import parsed_plain

MARKED = [
    "Who wrote *Bezonomics*?",
    "**bold** and *em* and _em_ and __strong__ and ***both***",
    "*a **b** c*",
    "snake_case_name and __init__ and foo_bar_ stay",
    "a * b * c, 2*3*4 and *foo*bar",
    "`code *x*` here, ``a ` b`` too",
    '[link *text*](https://example.com) [a](b) [c](d "title") and [x] alone',
    "![alt](p.png) ![](p.png)",
    "<https://amazon.com> and mail <a@b.co>",
    "\\*not emphasis\\* back\\slash",
    "AT&amp;T &lt;3 &copy; &#233; &bogus; &amp",
    "# Heading #",
    "> quoted *line*",
    "- item one\n- item two\n+ plus\n* star",
    "1. first\n2) second",
    "Title\n=====\n\nbody",
    "a\n\n---\n\nb\n\n* * *",
    "```\ncode\n```\nafter",
    "    indented code\n\nafter",
    "- item\n\n    more of it",
    "line one  \nline two, line\\\nbreak",
    "~~strike~~ and a | b | c and x <b>html</b> y",
    "amazon.com, e.g. this",
    "**Flywheel** (플라이휠), *아마존*의 전략",
    "{{c1::e-commerce}} *The Amazon Way*",
]


@pytest.mark.parametrize("text", MARKED)
def test_marks_come_off_as_the_parser_takes_them_off(text: str) -> None:
    assert light_plain(text) == parsed_plain(text)


def test_every_text_of_the_built_in_decks_reads_as_browse_lists_it() -> None:
    collection = load_collection(sorted(BUILTIN_DECKS.glob("*.toml")))
    texts = [
        value
        for _, note in collection.notes()
        for face in note.faces().values()
        for value in face.model_dump(exclude_none=True).values()
        if isinstance(value, str)
    ]
    assert len(texts) > 100
    assert [light_plain(text) for text in texts] == [parsed_plain(text) for text in texts]


_WORD = st.sampled_from(["Amazon", "flywheel", "아마존", "플라이휠", "e.g.", "2014", "AWS's", "x"])
_PHRASE = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_SPAN = st.one_of(
    _PHRASE,
    _PHRASE.map(lambda words: f"*{words}*"),
    _PHRASE.map(lambda words: f"**{words}**"),
    _PHRASE.map(lambda words: f"_{words}_"),
    _PHRASE.map(lambda words: f"`{words}`"),
    _PHRASE.map(lambda words: f"[{words}](https://example.com/{len(words)})"),
    _PHRASE.map(lambda words: f"![{words}](picture.png)"),
    st.sampled_from(["\\*", "\\_", "&amp;", "&#233;", "<https://a.example>"]),
)
_LINE = st.tuples(
    st.sampled_from(["", "# ", "> ", "- ", "1. "]), st.lists(_SPAN, min_size=1, max_size=4)
).map(lambda parts: parts[0] + " ".join(parts[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=3), st.sampled_from(["\n", "\n\n"]))
def test_texts_made_of_card_marks_agree_with_the_parser(lines: list[str], between: str) -> None:
    text = between.join(lines)
    assert light_plain(text) == parsed_plain(text)


def test_the_character_that_marks_held_pieces_is_kept_as_written() -> None:
    assert light_plain("a \ue000 *b* \ue0000\ue000 `c`") == "a \ue000 b \ue0000\ue000 c"

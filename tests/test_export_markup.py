"""Card text in the export: Markdown becomes HTML Anki shows, HTML typed into a card stays text,
and cloze markup survives whatever Markdown surrounds it."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from anki.collection import Collection as AnkiCollection
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cards.anki.export import export_apkg
from cards.anki.export_html import cloze_to_html, mathjax_rule, to_html
from cards.decks import cloze
from tests.anki_support import (
    MARKUP_DECK,
    decks_from,
    import_apkg,
)


def test_html_typed_in_a_note_is_shown_never_run(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, MARKUP_DECK)
    export_apkg(decks, tmp_path / "out.apkg")
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg")
    (card_id,) = collection.find_cards('"Flywheel ID:markup/html"')
    output = collection.get_card(card_id).render_output()
    question, answer = output.question_text, output.answer_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in question
    assert "<script" not in (question + answer).lower()
    assert "&lt;img src=x onerror=alert(2)&gt;" in answer
    assert "<img" not in answer
    assert "javascript:" not in html.unescape(answer)  # nor as text MathJax could read
    assert "[x](javascript&#xff1a;alert(3))" in answer  # an unsafe link stays text, defused
    assert "&lt;b&gt;태그&lt;/b&gt;" in question
    assert '<a href="https://example.com">link</a>' in answer
    assert "<em>Emphasis</em>, <strong>strong</strong>, <code>code</code>" in answer
    assert '<a href="https://example.com/a?b=1&amp;c=2">A &lt;tricky&gt; &amp; source</a>' in answer


def test_cloze_markup_survives_markdown() -> None:
    assert cloze_to_html("**{{c1::Seoul}}** is") == "<strong>{{c1::Seoul}}</strong> is"
    assert cloze_to_html("{{c2::*stress*::hint <b>}}") == "{{c2::<em>stress</em>::hint &lt;b&gt;}}"
    assert cloze_to_html("{{c3::a < b}} and `{{c1::code}}`") == (
        "{{c3::a &lt; b}} and <code>{{c1::code}}</code>"
    )
    assert cloze_to_html("- {{c1::item}}\n- two") == (
        "<ul>\n<li>{{c1::item}}</li>\n<li>two</li>\n</ul>"
    )
    # A deletion Markdown would swallow (a link target) falls back to escaped text.
    assert cloze_to_html("[x]({{c1::url}})") == "[x]({{c1::url}})"
    assert cloze_to_html("a\ue000b {{c1::x}}") == "a\ue000b {{c1::x}}"


MARKDOWN = MarkdownIt("commonmark", {"html": False})
MARKDOWN.inline.ruler.before("escape", "mathjax", mathjax_rule)  # MathJax stays as written


def reference_html(text: str) -> str:
    """markdown-it itself, with a lone paragraph unwrapped: what `to_html` must equal."""
    tokens = MARKDOWN.parse(text)
    if len(tokens) == 3 and tokens[0].type == "paragraph_open":
        tokens = tokens[1:2]
    rendered: str = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
    return rendered.rstrip("\n")


MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"ab 가나1.)*_`[]()<>&\"'!#-+=~|\\\n\t:{}", "**", "  ", "\u00a0", "\x00", "\r"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(MARKDOWNISH)
def test_markdown_shortcuts_agree_with_markdown_it(text: str) -> None:
    assert to_html(text) == reference_html(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(MARKDOWNISH, st.integers(1, 4), st.sampled_from(["x", "*y*", "a < b", "`c`"])),
        min_size=1,
        max_size=4,
    )
)
def test_cloze_deletions_survive_any_markdown_around_them(
    parts: list[tuple[str, int, str]],
) -> None:
    text = "".join(f"{prose} {{{{c{number}::{answer}}}}}" for prose, number, answer in parts)
    assume(cloze.markup_problem(text) is None)
    rendered = cloze_to_html(text)
    assert cloze.numbers(rendered) == cloze.numbers(text)
    assert "\ue000" not in rendered
    assert "<script" not in rendered


# ------------------------------------------------------------------------ re-importing

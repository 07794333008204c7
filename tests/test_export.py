"""`flywheel export` checked against real Anki: packages are imported with Anki's own backend.

Each test builds decks in a temp folder (or takes the shipped ones), exports them, imports the
package into a fresh Anki collection and looks at what Anki made of it: notes, cards, decks,
note types, fields, tags, the rendered cards, and what a second import updates or duplicates.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import genanki
import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import (
    IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    ImportResponse,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cards import cloze
from cards.anki_html import cloze_to_html, to_html
from cards.anki_models import BASIC, CLOZE, MODEL_SPECS, REVERSE, ModelSpec
from cards.anki_notes import FIELD_ORDER, deck_id, note_fields, note_guid, note_tags, source_tag
from cards.decks import deck_paths, load_collection
from cards.errors import FlywheelError
from cards.export import ExportSummary, export_apkg, next_timestamp
from cards.models import Deck, LanguageChoice, Note, NoteKind
from seeds import BUILTIN_DECKS
from tests.conftest import GOOD_DECK, flywheel
from tui.commands.export_command import ProgressLine

# Neither anki nor genanki warns during these tests (pytest runs with filterwarnings=error), so
# no filter is needed; genanki would warn about invalid HTML tags in a field, and that warning is
# meant to fail a test here.

MARKUP_DECK = """\
name = "Test::Markup::Deep"
description = "Markup, raw HTML and **bold** descriptions."

[source]
file = "010_0123456789abcdef.txt"
lines = 40
title = "A <tricky> & source"
url = "https://example.com/a?b=1&c=2"

[[notes]]
id = "markup/html"
kind = "basic"
tags = ["html"]
source = { file = "010_0123456789abcdef.txt", lines = "3-4,7" }
en.front = "What does <script>alert(1)</script> do in a card?"
en.back = "Nothing: <img src=x onerror=alert(2)> is shown as text, [x](javascript:alert(3)) too."
en.extra = "*Emphasis*, **strong**, `code` and a [link](https://example.com)."
ko.front = "카드 속 <b>태그</b>는?"
ko.back = "글자 그대로 보인다 & 실행되지 않는다"

[[notes]]
id = "markup/blocks"
kind = "reverse"
en.front = "1994. A year, or a list?"
en.back = "# Not a heading?\\n\\n- a list\\n- of two\\n\\nand a paragraph"

[[notes]]
id = "markup/cloze"
kind = "cloze"
tags = ["figures"]
en.text = "**{{c1::Seoul}}** is the capital; {{c2::*stress*::hint <b>}}, {{c3::a < b}}, {{c2::2}}."
en.extra = "Line one\\nline two"
ko.text = "{{c1::서울}}은 수도이고 {{c2::`코드`}}, {{c3::a < b}}이다."

[[notes]]
id = "markup/korean-only"
kind = "basic"
ko.front = "영어가 없는 노트"
ko.back = "한국어만 있다"
"""

# What Anki's renderer writes into a card when a template or field goes wrong.
ANKI_ERRORS = (
    "template has a problem",
    "front of this card is blank",
    "no field called",
    "no cloze",
    "{{",
    "}}",
)


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Callable[[str], AnkiCollection]]:
    """Open fresh Anki collections in the temp folder; all are closed afterwards."""
    opened: list[AnkiCollection] = []

    def open_collection(name: str = "anki") -> AnkiCollection:
        folder = tmp_path / name
        folder.mkdir()
        collection = AnkiCollection(str(folder / "collection.anki2"))
        opened.append(collection)
        return collection

    yield open_collection
    for collection in opened:
        collection.close()


def import_apkg(collection: AnkiCollection, path: Path) -> ImportResponse.Log:
    """Import as Anki's import dialog does by default: update notes and note types if newer."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )
    request = ImportAnkiPackageRequest(package_path=str(path), options=options)
    return collection.import_anki_package(request).log


def decks_from(write_deck: Callable[..., Path], *texts: str) -> list[Deck]:
    """Write deck files (deck0.toml, deck1.toml...) and read them back as Flywheel does."""
    paths = [write_deck(text, f"deck{number}.toml") for number, text in enumerate(texts)]
    collection = load_collection(paths)
    assert collection.problems == []
    return [deck_file.deck for deck_file in collection.decks]


def seed_decks() -> list[Deck]:
    collection = load_collection(deck_paths([BUILTIN_DECKS]))
    assert collection.problems == []
    return [deck_file.deck for deck_file in collection.decks]


def flywheel_notes(decks: list[Deck]) -> dict[str, tuple[Deck, Note]]:
    """Our notes by the GUID they should have in Anki."""
    return {note_guid(note.id): (deck, note) for deck in decks for note in deck.notes}


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def flywheel_notetypes(collection: AnkiCollection) -> list[dict[str, Any]]:
    return [nt for nt in collection.models.all() if nt["name"].startswith("Flywheel")]


# --------------------------------------------------------------------- what Anki receives


def test_notes_cards_decks_and_note_types_arrive_as_exported(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK, MARKUP_DECK)
    summary = export_apkg(decks, tmp_path / "out.apkg")
    collection = anki("anki")
    log = import_apkg(collection, tmp_path / "out.apkg")

    ours = flywheel_notes(decks)
    assert len(log.new) == len(ours) == summary.notes == 7
    assert (log.updated, log.duplicate, log.conflicting) == ([], [], [])
    assert collection.note_count() == 7
    expected_cards = sum(len(note.templates()) for _, note in ours.values())
    assert collection.card_count() == expected_cards == summary.cards == 12
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {"Test", "Test::Basics", "Test::Markup", "Test::Markup::Deep"} <= names
    assert summary.decks == 2

    by_name = {nt["name"]: nt for nt in flywheel_notetypes(collection)}
    assert set(by_name) == {"Flywheel Basic", "Flywheel Reverse", "Flywheel Cloze"}
    for spec in (BASIC, REVERSE, CLOZE):
        notetype = by_name[spec.name]
        assert int(notetype["id"]) == spec.id
        assert notetype["type"] == (1 if spec.cloze else 0)
        assert [(f["name"], f["id"]) for f in notetype["flds"]] == [
            (f.name, f.id) for f in spec.fields
        ]
        assert [(t["name"], t["id"]) for t in notetype["tmpls"]] == [
            (t.name, t.id) for t in spec.templates
        ]

    for note_id in collection.find_notes(""):
        anki_note = collection.get_note(note_id)
        deck, note = ours[anki_note.guid]
        note_type = anki_note.note_type()
        assert note_type is not None
        assert note_type["name"] == MODEL_SPECS[note.kind].name
        assert list(anki_note.values()) == note_fields(note, "both", deck.source)
        assert sorted(anki_note.tags) == sorted(note_tags(note, deck.source))
        cards = anki_note.cards()
        assert len(cards) == len(note.templates())
        assert {collection.decks.name(card.did) for card in cards} == {deck.name}


def test_tags_carry_the_source_without_spaces(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, MARKUP_DECK)
    export_apkg(decks, tmp_path / "out.apkg")
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg")
    tags = {
        collection.get_note(nid)["Flywheel ID"]: collection.get_note(nid).tags
        for nid in collection.find_notes("")
    }
    assert tags["markup/html"] == ["html", "source::010_0123456789abcdef"]
    # A note without a citation is tagged with its deck's source document.
    assert tags["markup/blocks"] == ["source::010_0123456789abcdef"]
    assert source_tag("my notes/chapter one.txt") == "source::chapter_one"
    assert source_tag(".hidden") == "source::.hidden"


@pytest.mark.parametrize("lang", ["both", "en", "ko"])
def test_every_card_renders_without_errors_or_an_empty_front(
    lang: LanguageChoice,
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    decks = [*decks_from(write_deck, GOOD_DECK, MARKUP_DECK), *seed_decks()]
    summary = export_apkg(decks, tmp_path / "out.apkg", lang=lang)
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg")

    card_ids = collection.find_cards("")
    assert len(card_ids) == summary.cards > 0
    for card_id in card_ids:
        card = collection.get_card(card_id)
        output = card.render_output(reload=True)
        question, answer = output.question_text, output.answer_text
        for problem in ANKI_ERRORS:
            assert problem not in question.lower(), (card.note()["Flywheel ID"], question)
            assert problem not in answer.lower(), (card.note()["Flywheel ID"], answer)
        assert visible_text(question), f"empty front: {card.note()['Flywheel ID']} {card.ord}"
        assert len(visible_text(answer)) > len(visible_text(question)) or "[" in question
        if lang == "en":
            assert 'lang="en"' in question
            assert 'lang="ko"' not in question + answer
        elif lang == "ko":
            assert 'lang="ko"' in question
            assert 'lang="en"' not in question + answer


def test_the_render_check_sees_a_broken_template(
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checks above would notice a template naming a field that does not exist."""
    template = dataclasses.replace(BASIC.templates[0], qfmt="{{Front}}{{Nope}}")
    monkeypatch.setitem(
        MODEL_SPECS, NoteKind.BASIC, dataclasses.replace(BASIC, templates=(template,))
    )
    export_apkg(decks_from(write_deck, GOOD_DECK), tmp_path / "out.apkg")
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg")
    (card_id,) = collection.find_cards('"Flywheel ID:test/capital"')
    question = collection.get_card(card_id).render_output().question_text.lower()
    assert any(problem in question for problem in ANKI_ERRORS), question


def test_lang_leaves_the_other_language_empty_and_skips_notes_without_it(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK, MARKUP_DECK)
    summary = export_apkg(decks, tmp_path / "en.apkg", lang="en")
    assert (summary.notes, summary.skipped) == (6, 1)
    assert "1 note without that language left out" in str(summary)
    collection = anki("anki")
    import_apkg(collection, tmp_path / "en.apkg")
    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        # anki's Note has keys() but no __iter__
        korean = [name for name in note.keys() if name.endswith("(Korean)")]  # noqa: SIM118
        assert korean
        assert all(note[name] == "" for name in korean)
    assert collection.find_notes('"Flywheel ID:markup/korean-only"') == []
    with pytest.raises(FlywheelError, match="no notes with Korean wording"):
        export_apkg([_english_only(decks)], tmp_path / "ko.apkg", lang="ko")


def _english_only(decks: list[Deck]) -> Deck:
    notes = tuple(note.model_copy(update={"ko": None}) for note in decks[0].notes)
    return decks[0].model_copy(update={"notes": notes})


def test_korean_text_arrives_intact(tmp_path: Path, anki: Callable[[str], AnkiCollection]) -> None:
    decks = seed_decks()
    export_apkg(decks, tmp_path / "seeds.apkg")
    collection = anki("anki")
    import_apkg(collection, tmp_path / "seeds.apkg")
    ours = flywheel_notes(decks)
    korean_fields = 0
    for nid in collection.find_notes(""):
        anki_note = collection.get_note(nid)
        _, note = ours[anki_note.guid]
        for face_name, field_name in (("front", "Front (Korean)"), ("text", "Text (Korean)")):
            value = getattr(note.ko, face_name) if note.ko else None
            if value and field_name in anki_note:
                # What was written is what Anki holds, character for character.
                assert anki_note[field_name] == (
                    cloze_to_html(value) if note.kind is NoteKind.CLOZE else to_html(value)
                )
                assert re.search("[가-힣]", anki_note[field_name])
                korean_fields += 1
    assert korean_fields == sum(1 for _, n in ours.values() if n.ko)


def test_the_shipped_decks_export_completely(
    tmp_path: Path, anki: Callable[[str], AnkiCollection]
) -> None:
    decks = seed_decks()
    summary = export_apkg(decks, tmp_path / "seeds.apkg")
    notes = sum(len(deck.notes) for deck in decks)
    cards = sum(len(note.templates()) for deck in decks for note in deck.notes)
    assert (summary.decks, summary.notes, summary.cards) == (len(decks), notes, cards)
    collection = anki("anki")
    log = import_apkg(collection, tmp_path / "seeds.apkg")
    assert len(log.new) == collection.note_count() == notes
    assert collection.card_count() == cards
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {deck.name for deck in decks} <= names
    guids = {collection.get_note(nid).guid for nid in collection.find_notes("")}
    assert guids == set(flywheel_notes(decks))


# ---------------------------------------------------------------------------- safety


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


def test_edited_wording_updates_the_note_even_within_one_second(
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.25)  # both exports in one second
    out = tmp_path / "out.apkg"
    first = export_apkg(decks_from(write_deck, GOOD_DECK), out)
    collection = anki("anki")
    assert len(import_apkg(collection, out).new) == 3

    edited = GOOD_DECK.replace('"Seoul"', '"Seoul (서울), since 1394"').replace(
        "{{c1::1994}} with", "{{c1::1994}} (in Bellevue) with"
    )
    second = export_apkg(decks_from(write_deck, edited), out)
    assert second.timestamp == first.timestamp + 1
    log = import_apkg(collection, out)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 3, 0)
    assert collection.note_count() == 3
    assert collection.card_count() == 5
    (capital,) = collection.find_notes('"Flywheel ID:test/capital"')
    assert collection.get_note(capital)["Back"] == "Seoul (서울), since 1394"
    (cloze_note,) = collection.find_notes('"Flywheel ID:test/cloze"')
    assert "(in Bellevue)" in collection.get_note(cloze_note)["Text"]


def test_same_second_without_the_bump_would_not_update(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    """Anki's rule the bump works around: an equal modification time is not newer."""
    out = tmp_path / "out.apkg"
    export_apkg(decks_from(write_deck, GOOD_DECK), out, timestamp=1_800_000_000)
    collection = anki("anki")
    import_apkg(collection, out)
    edited = GOOD_DECK.replace('"Seoul"', '"Seoul!"')
    export_apkg(decks_from(write_deck, edited), out, timestamp=1_800_000_000)
    log = import_apkg(collection, out)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 3)
    (capital,) = collection.find_notes('"Flywheel ID:test/capital"')
    assert collection.get_note(capital)["Back"] == "Seoul"


def test_new_cloze_number_adds_a_card_on_reimport(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    out = tmp_path / "out.apkg"
    export_apkg(decks_from(write_deck, GOOD_DECK), out, timestamp=1_800_000_000)
    collection = anki("anki")
    import_apkg(collection, out)
    (nid,) = collection.find_notes('"Flywheel ID:test/cloze"')
    assert sorted(card.ord for card in collection.get_note(nid).cards()) == [0, 1]

    three = GOOD_DECK.replace(
        "with {{c2::$300,000::amount}}.", "with {{c2::$300,000::amount}} in {{c3::Seattle}}."
    ).replace("{{c2::30만 달러}}로 시작했다.", "{{c2::30만 달러}}로 {{c3::시애틀}}에서 시작했다.")
    summary = export_apkg(decks_from(write_deck, three), out, timestamp=1_800_000_001)
    assert summary.cards == 6
    log = import_apkg(collection, out)
    assert (len(log.new), len(log.updated)) == (0, 3)
    assert sorted(card.ord for card in collection.get_note(nid).cards()) == [0, 1, 2]
    question = collection.get_note(nid).cards()[2].render_output(reload=True).question_text
    assert 'data-ordinal="3">[...]' in question
    assert "[amount]" not in question


def test_unchanged_decks_give_the_same_package_and_ids(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK, MARKUP_DECK)
    export_apkg(decks, tmp_path / "a.apkg", timestamp=1_800_000_000)
    export_apkg(decks, tmp_path / "b.apkg", timestamp=1_800_000_000)
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()

    export_apkg(decks, tmp_path / "c.apkg", timestamp=1_800_000_500)
    collection = anki("anki")
    import_apkg(collection, tmp_path / "a.apkg")
    before = {collection.get_note(n).guid: n for n in collection.find_notes("")}
    notetypes = sorted(nt["id"] for nt in flywheel_notetypes(collection))
    log = import_apkg(collection, tmp_path / "c.apkg")
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 7, 0)
    assert {collection.get_note(n).guid: n for n in collection.find_notes("")} == before
    assert sorted(nt["id"] for nt in flywheel_notetypes(collection)) == notetypes


def _renamed(spec: ModelSpec, old: str, new: str, *, keep_ids: bool) -> ModelSpec:
    """`spec` with field `old` renamed `new` (templates too); new ids unless `keep_ids`."""
    fields = tuple(
        dataclasses.replace(f, name=new, id=f.id if keep_ids else f.id + 1) if f.name == old else f
        for f in spec.fields
    )
    templates = tuple(
        dataclasses.replace(
            t,
            qfmt=t.qfmt.replace("{" + old + "}", "{" + new + "}"),
            afmt=re.sub(r"([{#/])" + re.escape(old) + "}", r"\g<1>" + new + "}", t.afmt),
        )
        for t in spec.templates
    )
    return dataclasses.replace(spec, fields=fields, templates=templates)


@pytest.mark.parametrize("keep_ids", [True, False])
def test_renaming_a_field_updates_the_note_type_only_when_ids_are_kept(
    keep_ids: bool,
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    export_apkg(decks, tmp_path / "v1.apkg", timestamp=1_800_000_000)
    collection = anki("anki")
    import_apkg(collection, tmp_path / "v1.apkg")

    renamed = _renamed(BASIC, "Extra", "Notes", keep_ids=keep_ids)
    monkeypatch.setitem(MODEL_SPECS, NoteKind.BASIC, renamed)
    export_apkg(decks, tmp_path / "v2.apkg", timestamp=1_800_000_001)
    log = import_apkg(collection, tmp_path / "v2.apkg")

    names = sorted(nt["name"] for nt in flywheel_notetypes(collection))
    if keep_ids:  # what the exporter does: Anki renames the field in place
        assert names == ["Flywheel Basic", "Flywheel Cloze", "Flywheel Reverse"]
        basic = collection.models.by_name("Flywheel Basic")
        assert basic is not None
        assert "Notes" in [f["name"] for f in basic["flds"]]
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 3, 0)
    else:  # a changed field id forks the note type, and its note can no longer be updated
        assert len(names) == 4
        assert names.count("Flywheel Basic") == 1
        assert len(log.conflicting) == 1


# --------------------------------------------------------------------- ids and stability


def test_guids_come_from_the_note_id_alone() -> None:
    assert note_guid("flywheel/book-author") == genanki.guid_for("flywheel", "flywheel/book-author")
    assert note_guid("flywheel/book-author") == "Qd8`;#o$8p"
    guids = {note_guid(note.id) for deck in seed_decks() for note in deck.notes}
    assert len(guids) == sum(len(deck.notes) for deck in seed_decks())


def test_two_notes_with_one_id_are_refused(tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    deck = decks_from(write_deck, GOOD_DECK)[0]
    other = deck.model_copy(update={"name": "Other"})
    with pytest.raises(FlywheelError, match="test/capital appears twice"):
        export_apkg([deck, other], tmp_path / "out.apkg")
    assert not (tmp_path / "out.apkg").exists()


def test_model_field_and_template_ids_never_change() -> None:
    snapshot = {
        spec.name: (spec.id, [f.id for f in spec.fields], [t.id for t in spec.templates])
        for spec in MODEL_SPECS.values()
    }
    assert snapshot == {
        "Flywheel Basic": (
            2053568219,
            [
                2004957720007274228,
                335610160608855722,
                8073733317847521085,
                9136604006975695028,
                3266301271691199800,
                8362750518251262788,
                2718370490952618016,
                2531744672333747846,
            ],
            [3991053609398976808],
        ),
        "Flywheel Reverse": (
            1336775259,
            [
                1022880645210393479,
                4060338380531869943,
                8129904852632025314,
                187567699211109503,
                55944946850265556,
                5185024281301204260,
                691533989241613148,
                7559531150048240500,
            ],
            [4941575658962578260, 9140126675021304617],
        ),
        "Flywheel Cloze": (
            1740330668,
            [
                4227071740998872804,
                6172592151420387465,
                1370209453340861734,
                7306446512436129591,
                3580346425867370412,
                8840853342585733706,
            ],
            [5793404640393934229],
        ),
    }
    for kind, spec in MODEL_SPECS.items():
        assert FIELD_ORDER[kind] == tuple(f.key for f in spec.fields)
    all_ids = [i for _, fields, templates in snapshot.values() for i in fields + templates]
    assert len(set(all_ids)) == len(all_ids)
    assert all(0 < i < 2**63 for i in all_ids)


def test_deck_ids_derive_from_the_name_ignoring_case() -> None:
    assert deck_id("Amazon::Flywheel") == deck_id("amazon::FLYWHEEL") == 2139665500
    assert deck_id("Amazon::Flywheel") != deck_id("Amazon::IoT")
    assert all(1 << 30 <= deck_id(deck.name) < 1 << 31 for deck in seed_decks())


# ---------------------------------------------------------------------- files on disk


def test_no_temporary_file_is_left_behind(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    export_apkg(decks, out_dir / "flywheel.apkg")
    export_apkg(decks, out_dir / "flywheel.apkg")
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out_dir.iterdir()] == ["flywheel.apkg"]
    with zipfile.ZipFile(out_dir / "flywheel.apkg") as package:
        assert package.namelist() == ["collection.anki2", "media"]

    # The hazard this guards against: genanki's own writer leaves its SQLite file in tempdir.
    genanki.Package([]).write_to_file(str(tmp_path / "plain.apkg"))
    assert len(list(scratch.iterdir())) == 1


def test_a_failed_write_keeps_the_old_package_and_leaves_no_debris(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "flywheel.apkg").write_bytes(b"old")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(FlywheelError, match=r"cannot write .*: No space left on device"):
        export_apkg(decks, out_dir / "flywheel.apkg")
    assert [p.name for p in out_dir.iterdir()] == ["flywheel.apkg"]
    assert (out_dir / "flywheel.apkg").read_bytes() == b"old"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.apkg", "folder .*missing does not exist"),
        ("file.txt/out.apkg", "file.txt is not a folder"),
        ("folder", "it is a folder"),
    ],
)
def test_unwritable_targets_are_one_line_errors(
    target: str, message: str, tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(FlywheelError, match=f"^cannot write {re.escape(str(tmp_path))}.*{message}"):
        export_apkg(decks, tmp_path / target)


def test_permission_denied_is_reported(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)  # tests run as root, so chmod would not stop us
    with pytest.raises(FlywheelError, match=r"out\.apkg: permission denied$"):
        export_apkg(decks, tmp_path / "out.apkg")


def test_next_timestamp_stays_ahead_of_the_previous_export(tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    assert next_timestamp(out, now=1_800_000_000.9) == 1_800_000_000
    out.write_bytes(b"")
    os.utime(out, (1_800_000_000, 1_800_000_000))
    assert next_timestamp(out, now=1_800_000_000.5) == 1_800_000_001
    assert next_timestamp(out, now=1_800_000_100.5) == 1_800_000_100
    os.utime(out, (1_900_000_000, 1_900_000_000))  # a clock that went backwards
    assert next_timestamp(out, now=1_800_000_000) == 1_900_000_001


def test_export_sets_the_file_time_to_its_timestamp(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    summary = export_apkg(decks, tmp_path / "out.apkg")
    assert int((tmp_path / "out.apkg").stat().st_mtime) == summary.timestamp
    again = export_apkg(decks, tmp_path / "out.apkg")
    assert again.timestamp > summary.timestamp


def test_summary_reads_naturally() -> None:
    summary = ExportSummary(Path("flywheel.apkg"), 1, 160, 270, 0, 0)
    assert str(summary) == "wrote flywheel.apkg: 1 deck, 160 notes, 270 cards"
    assert str(ExportSummary(Path("x.apkg"), 5, 1, 1, 2, 0)) == (
        "wrote x.apkg: 5 decks, 1 note, 1 card (2 notes without that language left out)"
    )


def test_progress_is_reported_per_note_and_drawn_once_per_percent(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    calls: list[tuple[int, int]] = []
    export_apkg(
        decks_from(write_deck, GOOD_DECK), tmp_path / "o.apkg", progress=lambda *a: calls.append(a)
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]

    class Stream:
        text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    stream = Stream()
    line = ProgressLine(stream, threshold=1000)  # type: ignore[arg-type]
    for done in range(1, 2001):
        line(done, 2000)
    line.clear()
    assert stream.text.count("\r") == 101 + 2  # one draw per percent, then the clearing
    assert "exporting 2000/2000 notes (100%)" in stream.text
    assert stream.text.endswith("\r")
    small = Stream()
    quiet = ProgressLine(small, threshold=1000)  # type: ignore[arg-type]
    quiet(1, 999)
    quiet.clear()
    assert small.text == ""


# ------------------------------------------------------------------------ command line


def test_cli_exports_the_decks_in_use(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    write_deck(GOOD_DECK)
    result = flywheel("export", env=isolated_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    seeds = seed_decks()
    notes = sum(len(deck.notes) for deck in seeds) + 3
    cards = sum(len(n.templates()) for deck in seeds for n in deck.notes) + 5
    assert result.stdout == (
        f"wrote flywheel.apkg: {len(seeds) + 1} decks, {notes} notes, {cards} cards\n"
    )
    collection = anki("anki")
    assert len(import_apkg(collection, tmp_path / "flywheel.apkg").new) == notes

    out = tmp_path / "only-test.apkg"
    result = flywheel("export", "-o", str(out), "--deck", "TEST", "--lang", "en", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}: 1 deck, 3 notes, 5 cards\n"
    other = anki("other")
    import_apkg(other, out)
    (capital,) = other.find_notes('"Flywheel ID:test/capital"')
    assert other.get_note(capital)["Front (Korean)"] == ""


def test_cli_twice_in_a_row_updates_in_anki(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    out = str(tmp_path / "o.apkg")
    write_deck(GOOD_DECK)
    assert flywheel("export", "-o", out, "--deck", "test", env=isolated_env).returncode == 0
    collection = anki("anki")
    import_apkg(collection, Path(out))
    write_deck(GOOD_DECK.replace('"Seoul"', '"Seoul, again"'))
    assert flywheel("export", "-o", out, "--deck", "test", env=isolated_env).returncode == 0
    log = import_apkg(collection, Path(out))
    assert (len(log.new), len(log.updated)) == (0, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/x.apkg"], "flywheel: cannot write {tmp}/missing/x.apkg: folder"),
        (["-o", "{tmp}"], "flywheel: refusing to write {tmp}: a package name must end in .apkg"),
        (["--deck", "nope"], "flywheel: --deck 'nope' matches no deck"),
        (["--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(
    args: list[str], message: str, isolated_env: dict[str, str], tmp_path: Path
) -> None:
    result = flywheel(
        "export", *[a.format(tmp=tmp_path) for a in args], env=isolated_env, cwd=tmp_path
    )
    assert result.returncode == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    if "flywheel:" in message:
        assert result.stderr.count("\n") == 1
    assert not (tmp_path / "flywheel.apkg").exists()


def test_cli_warns_about_broken_notes_and_exports_the_rest(
    isolated_env: dict[str, str], tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    write_deck(GOOD_DECK.replace('en.back = "Seoul"\n', ""))
    out = str(tmp_path / "o.apkg")
    result = flywheel("export", "-o", out, "--deck", "test", env=isolated_env)
    assert result.returncode == 0
    assert result.stderr.startswith("flywheel: warning: 1 problem in deck files")
    assert result.stdout == f"wrote {out}: 1 deck, 2 notes, 4 cards\n"

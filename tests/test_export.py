"""`flywheel export` checked against real Anki: packages are imported with Anki's own backend.

Each test builds decks in a temp folder (or takes the shipped ones), exports them, imports the
package into a fresh Anki collection and looks at what Anki made of it: notes, cards, decks,
note types, fields, tags and the rendered cards.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection

from cards.anki.export import export_apkg
from cards.anki.export_html import cloze_to_html, to_html
from cards.anki.export_notes import note_fields, note_tags, source_tag
from cards.anki.note_types import BASIC, CLOZE, MODEL_SPECS, REVERSE
from cards.decks.models import Deck
from cards.decks.vocabulary import LanguageChoice, NoteKind
from cards.errors import FlywheelError
from tests.anki_support import (
    ANKI_ERRORS,
    MARKUP_DECK,
    decks_from,
    flywheel_notes,
    flywheel_notetypes,
    import_apkg,
    seed_decks,
    visible_text,
)
from tests.conftest import GOOD_DECK


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

"""Exporting again: what a second import into Anki updates in place, and the ids that make it so
(note GUIDs, note type, field, template and deck ids that never change)."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection as AnkiCollection

from cards.anki.export import export_apkg
from cards.anki.export_notes import FIELD_ORDER, deck_id, note_guid
from cards.anki.note_types import BASIC, MODEL_SPECS, ModelSpec
from cards.decks.vocabulary import NoteKind
from cards.errors import FlywheelError
from tests.anki_support import (
    MARKUP_DECK,
    decks_from,
    flywheel_notetypes,
    import_apkg,
    seed_decks,
)
from tests.conftest import GOOD_DECK


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

"""Anki -> Flywheel -> Anki: notes that came from an Anki collection go back into it as its own
note types, so Anki updates them in place whether or not "Merge note types" is ticked, and every
card still shows its question."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS

from tests.anki_packages import Built
from tests.anki_support import ANKI_ERRORS, visible_text
from tests.conftest import flywheel

# What each card of the source collection asks, as Anki shows it (`label:ord` as in `Built`).
QUESTIONS = {
    "basic:0": "hola & adiós",
    "reverse:0": "el perro",
    "reverse:1": "the dog, edited in Flywheel",
    "cloze:0": "[...] is the capital of",
    "cloze:1": "Madrid is the capital of [country]",
    "vocab:0": "comer",
    "media:0": "",
    "twin:0": "el perro",
}


def _export_after_an_edit(built: Built, env: dict[str, str], out: Path) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    deck = Path(env["FLYWHEEL_DECKS"]) / "languages-spanish.toml"
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("the *dog*", "the *dog*, edited in Flywheel"), encoding="utf-8")
    exported = flywheel("export", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr


@pytest.mark.parametrize("merge", [False, True], ids=["separate", "merged"])
def test_back_into_the_source_collection_every_card_keeps_its_question(
    built: Built, env: dict[str, str], tmp_path: Path, merge: bool
) -> None:
    out = tmp_path / "back.apkg"
    _export_after_an_edit(built, env, out)
    shutil.copytree(built.current.parent / "source", tmp_path / "origin")
    collection = AnkiCollection(str(tmp_path / "origin" / "collection.anki2"))
    try:
        assert collection.db is not None
        notes_before = collection.db.all("SELECT id, guid, mid FROM notes ORDER BY id")
        cards_before = collection.db.all("SELECT id, nid, ord FROM cards ORDER BY id")
        types_before = sorted(notetype["name"] for notetype in collection.models.all())
        options = ImportAnkiPackageOptions(
            merge_notetypes=merge,
            update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
            update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
            with_scheduling=True,
        )
        request = ImportAnkiPackageRequest(package_path=str(out), options=options)
        log = collection.import_anki_package(request).log
        assert (len(log.updated), len(log.new), len(log.conflicting)) == (6, 0, 0)
        assert collection.db.all("SELECT id, guid, mid FROM notes ORDER BY id") == notes_before
        assert collection.db.all("SELECT id, nid, ord FROM cards ORDER BY id") == cards_before
        assert sorted(notetype["name"] for notetype in collection.models.all()) == types_before
        labels = {guid: label for label, guid in built.guids.items()}
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            label = f"{labels[card.note().guid]}:{card.ord}"
            question = card.question()
            shown = visible_text(question.split("</style>")[-1])
            for error in ANKI_ERRORS:
                assert error not in shown, (label, shown)
            assert QUESTIONS[label] in " ".join(shown.split()), (label, shown)
            if label == "media:0":
                assert '<img src="pic.png"' in question
        # The fields Flywheel does not know (the third of a custom note type) are kept.
        vocab = collection.get_note(
            collection.db.scalar("SELECT id FROM notes WHERE guid = ?", built.guids["vocab"])
        )
        assert vocab.fields == ["comer", "to eat", "Yo como"]
    finally:
        collection.close()

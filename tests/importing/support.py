"""What the import tests share: the study day Anki counted from, the deck files an import wrote,
the packages in their three forms, and the cards they became."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from anki.collection import Collection as AnkiCollection
from anki.collection import (
    ExportAnkiPackageOptions,
)

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.decks.models import Note
from cards.schedule.study_day import study_day
from cards.store.store import Store
from tests.anki_packages import Built


def today() -> date:
    """The study day Anki counted from when it built the packages (both roll over at 4)."""
    return study_day(datetime.now().astimezone(), 4)


def imported_notes(env: dict[str, str]) -> dict[str, tuple[str, Note]]:
    """GUID -> (deck name, note), from the deck files the import wrote."""
    collection = load_collection(deck_paths([Path(env["FLYWHEEL_DECKS"])]))
    assert collection.problems == []
    return {note.guid or "": (deck.deck.name, note) for deck, note in collection.notes()}


def package(built: Built, form: str) -> Path:
    return {"current": built.current, "legacy": built.legacy, "colpkg": built.colpkg}[form]


FORMS = ["current", "legacy", "colpkg"]


def card_state(env: dict[str, str], card_id: str) -> Any:
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        return store.state(card_id)


def card_ids(env: dict[str, str], built: Built) -> dict[str, str]:
    """`label:ord` -> the Flywheel card id."""
    notes = imported_notes(env)
    ids = {}
    for label, guid in built.guids.items():
        note = notes[guid][1]
        for ordinal, template in enumerate(note.templates()):
            ids[f"{label}:{ordinal}"] = f"{note.id}#{template}"
    return ids


def edited_package(built: Built, tmp_path: Path) -> Path:
    """The source collection, with one note's back changed, exported anew."""
    copy = tmp_path / "edited"
    shutil.copytree(built.current.parent / "source", copy)
    collection = AnkiCollection(str(copy / "collection.anki2"))
    try:
        assert collection.db is not None
        basic = collection.db.scalar("SELECT id FROM notes WHERE guid = ?", built.guids["basic"])
        note = collection.get_note(basic)
        note["Back"] = "hi there"
        collection.update_note(note)
        out = tmp_path / "edited.apkg"
        collection.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
            ),
            limit=None,
        )
    finally:
        collection.close()
    return out


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path

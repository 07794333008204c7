"""`flywheel import`: an Anki package becomes deck files (one per Anki deck) and SM-2 states.

Everything is read and checked before anything is written: a package that cannot be read
leaves the deck folder untouched. Deck files are named after their deck, so importing the same
package again rewrites the same files; notes keep their ids across imports by their Anki GUID.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import rtoml
from pydantic import ValidationError

from cards.anki_convert import (
    IdMaker,
    convert_note,
    deck_name,
    deck_slug,
    flywheel_id,
    flywheel_type,
)
from cards.anki_convert import template_for as anki_template
from cards.anki_origin import AnkiOrigin
from cards.anki_reader import AnkiPackage
from cards.decks import Collection
from cards.errors import FlywheelError
from cards.import_schedule import ImportedCard, imported_card
from cards.media import MEDIA_FOLDER
from cards.models import Deck
from cards.plural import counted
from cards.vocabulary import Language

HEADER = "# Imported from the Anki package {name}; importing it again rewrites this file.\n\n"


@dataclass
class ImportPlan:
    """What an import will write."""

    package: Path
    files: dict[Path, str] = field(default_factory=dict)
    media: dict[str, Path] = field(default_factory=dict)
    """Media file name -> where the package's copy is."""
    cards: list[ImportedCard] = field(default_factory=list)
    notes: int = 0
    warnings: list[str] = field(default_factory=list)
    origins: dict[str, AnkiOrigin] = field(default_factory=dict)
    notetypes: dict[int, dict[str, Any]] = field(default_factory=dict)
    """GUID -> the Anki note type and fields a note came with (not for Flywheel's own types)."""

    def summary(self, folder: Path) -> str:
        text = (
            f"imported {self.package.name} into {folder}: {counted(len(self.files), 'deck')}, "
            f"{counted(self.notes, 'note')}"
        )
        if self.media:
            text += f", {counted(len(self.media), 'media file')}"
        return text


def plan_import(
    package: AnkiPackage,
    source: Path,
    folder: Path,
    lang: Language,
    existing: Collection,
    today: date,
) -> ImportPlan:
    """Convert every note of `package` into deck files for `folder`, checking each deck."""
    plan = ImportPlan(source, notetypes=package.notetypes)
    ids_by_guid = {note.guid: note.id for _, note in existing.notes() if note.guid}
    ids = IdMaker({note.id for _, note in existing.notes()})
    by_deck: dict[str, list[dict[str, Any]]] = {}
    unknown_types: dict[str, int] = {}
    for anki_note in package.notes:
        name = deck_name(anki_note.deck)
        first = anki_note.fields[0] if anki_note.fields else ""
        note_id = ids_by_guid.get(anki_note.guid) or ids.claim(flywheel_id(anki_note))
        note_id = note_id or ids.make(name, first)
        converted = convert_note(anki_note, note_id, lang)
        if not converted.known_type:
            unknown_types[anki_note.notetype] = unknown_types.get(anki_note.notetype, 0) + 1
        if converted.body is None:
            plan.warnings.append(f"left out note {note_id} ({name}): {converted.problem}")
            continue
        by_deck.setdefault(name, []).append(converted.body)
        if flywheel_type(anki_note) is None:
            plan.origins[anki_note.guid] = AnkiOrigin(
                anki_note.notetype_id, converted.kind, lang, tuple(anki_note.fields)
            )
        for media in converted.media:
            if (package.media / media).is_file():
                plan.media[media] = package.media / media
            else:
                plan.warnings.append(f"note {note_id}: media file {media} is not in the package")
        for card in anki_note.cards:
            template = anki_template(converted.kind, card.ordinal)
            if template is not None:
                plan.cards.append(imported_card(f"{note_id}#{template}", card, today))
    for notetype, count in sorted(unknown_types.items()):
        plan.warnings.append(
            f"{counted(count, 'note')} of note type {notetype!r} (not Basic, reversed or "
            "Cloze) imported as basic: front and back from its first two fields"
        )
    _plan_files(plan, by_deck, folder)
    return plan


def _plan_files(plan: ImportPlan, by_deck: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    """One checked TOML text per deck; a note the deck format refuses is left out, named."""
    stems: set[str] = set()
    for name, bodies in sorted(by_deck.items()):
        kept = []
        for body in bodies:
            try:
                Deck.model_validate({"name": name, "notes": [body]})
            except ValidationError as error:
                problem = error.errors()[0]
                where = ".".join(str(part) for part in problem["loc"][2:])
                plan.warnings.append(f"left out note {body['id']}: {where}: {problem['msg']}")
                continue
            kept.append(body)
        if not kept:
            continue
        stem, number = deck_slug(name), 1
        while (stem if number == 1 else f"{stem}-{number}") in stems:
            number += 1
        stem = stem if number == 1 else f"{stem}-{number}"
        stems.add(stem)
        plan.files[folder / f"{stem}.toml"] = deck_toml(name, kept, plan.package.name)
        plan.notes += len(kept)


def deck_toml(name: str, notes: list[dict[str, Any]], package: str) -> str:
    """The deck file's text; checked to read back as written."""
    table = {"name": name, "notes": notes}
    text = rtoml.dumps(table, pretty=True)
    if rtoml.loads(text) != table:  # pragma: no cover - a guard against a writer quirk
        text = rtoml.dumps(table)
    return HEADER.format(name=package.replace("\n", " ")) + text


def write_import(plan: ImportPlan, folder: Path) -> None:
    """Copy the media and write the deck files, each atomically."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if plan.media:
            (folder / MEDIA_FOLDER).mkdir(exist_ok=True)
        for name, source in sorted(plan.media.items()):
            _write_file(folder / MEDIA_FOLDER / name, source.read_bytes())
        for path, text in plan.files.items():
            _write_file(path, text.encode("utf-8"))
    except OSError as error:
        raise FlywheelError(f"cannot write into {folder}: {error.strerror or error}") from None


def _write_file(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

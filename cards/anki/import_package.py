"""`flywheel import`: an Anki package becomes deck files (one per Anki deck) and SM-2 states.

Everything is read and checked before anything is written: a package that cannot be read
leaves the deck folder untouched. An import takes nothing from the user (`cards.anki.import_files`
says which files are its own):

- A note already in a file an earlier import of this package wrote (found by its Anki GUID)
  is updated there, under its id; every other note of that file stays, the ones the user added
  with it. A note of the package no longer there stays too, so no answered card loses its note.
- A note whose GUID a note in any other deck file already has is left out, named: that note
  is the user's, and keeps its id and its schedule.
- Of notes sharing one GUID inside the package, the first (by Anki's note id) is imported, so
  ids stay put from one import to the next and export never meets the same GUID twice.
- Media never replace a file of the same name (`cards.anki.import_media`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cards.anki.export_notes import note_guid
from cards.anki.import_convert import (
    Converted,
    IdMaker,
    convert_note,
    deck_name,
    deck_slug,
    flywheel_id,
    flywheel_type,
)
from cards.anki.import_convert import template_for as anki_template
from cards.anki.import_files import (
    OwnFile,
    deck_text,
    free_deck_path,
    note_text,
    own_files,
)
from cards.anki.import_media import media_names, renamed_references, text_renaming
from cards.anki.import_plan import ImportPlan
from cards.anki.import_reader import AnkiNote, AnkiPackage
from cards.anki.import_schedule import imported_card
from cards.anki.import_spill import SpilledTexts
from cards.anki.import_writing import NewDeck
from cards.anki.note_origins import AnkiOrigin
from cards.anki.package_unpack import PackageMedia
from cards.decks.loading import Collection
from cards.decks.models import Deck
from cards.decks.printable import printable
from cards.decks.vocabulary import Language
from cards.plural import counted

NAMED = 3
"""How many note ids a warning names before it says how many more."""


@dataclass
class _Notes:
    """The package's notes on their way into files."""

    updates: dict[Path, dict[int, dict[str, Any]]] = field(default_factory=dict)
    new: SpilledTexts = field(default_factory=SpilledTexts)
    """Notes of no earlier file, by deck, as their text, kept on disk until written."""
    media: set[str] = field(default_factory=set)
    repeated: int = 0
    already: list[str] = field(default_factory=list)
    unknown_types: dict[str, int] = field(default_factory=dict)


def plan_import(
    package: AnkiPackage,
    source: Path,
    folder: Path,
    lang: Language,
    existing: Collection,
    today: date,
    schedules: bool = True,
) -> ImportPlan:
    """Convert every note of `package` into deck files for `folder`, checking each note."""
    plan = ImportPlan(source, notetypes=package.notetypes)
    try:
        _plan_notes(plan, package, folder, lang, existing, today, schedules)
    except BaseException:
        plan.close()
        raise
    return plan


def _plan_notes(
    plan: ImportPlan,
    package: AnkiPackage,
    folder: Path,
    lang: Language,
    existing: Collection,
    today: date,
    schedules: bool,
) -> None:
    owned = own_files(folder, plan.package.name, package.guids())
    owned_paths = {_key(own.path) for own in owned}
    home: dict[str, tuple[OwnFile, int]] = {}
    taken: set[str] = set()
    for own in owned:
        for index, body in enumerate(own.notes):
            taken.add(str(body.get("id")))
            guid = body.get("guid") if isinstance(body.get("guid"), str) else None
            home.setdefault(guid or note_guid(str(body.get("id"))), (own, index))
    elsewhere: dict[str, str] = {}
    for deck_file, note in existing.notes():
        taken.add(note.id)
        if _key(deck_file.path) not in owned_paths:
            elsewhere.setdefault(note.guid or note_guid(note.id), note.id)
    ids = IdMaker(taken)
    notes = _Notes()
    plan.spilled = notes.new
    seen: set[str] = set()
    for anki_note in package.notes:
        if anki_note.guid in seen:
            notes.repeated += 1
            continue
        seen.add(anki_note.guid)
        where = home.get(anki_note.guid)
        if where is None and anki_note.guid in elsewhere:
            notes.already.append(elsewhere[anki_note.guid])
            continue
        name = deck_name(anki_note.deck)
        if where is not None:
            note_id = str(where[0].notes[where[1]].get("id"))
        else:
            first = anki_note.fields[0] if anki_note.fields else ""
            note_id = ids.claim(flywheel_id(anki_note)) or ids.make(name, first)
        converted = _converted(plan, notes, anki_note, note_id, name, lang, package.media)
        if converted is None or converted.body is None:
            continue
        body = converted.body
        if where is not None:
            notes.updates.setdefault(where[0].path, {})[where[1]] = body
        else:
            try:
                notes.new.add(name, note_text(body))
            except ValueError as error:  # pragma: no cover - a guard against a writer quirk
                plan.warnings.append(f"left out note {printable(note_id)}: {error}")
                continue
        plan.notes += 1
        if flywheel_type(anki_note) is None:
            origin = AnkiOrigin(
                anki_note.notetype_id, converted.kind, lang, tuple(anki_note.fields)
            )
            plan.origins.append((anki_note.guid, origin))
        if schedules:
            for card in anki_note.cards:
                template = anki_template(converted.kind, card.ordinal)
                if template is not None:
                    card_id = f"{note_id}#{template}"
                    plan.add_card(imported_card(card_id, card, today, package.clock_day))
    plan.warnings[:0] = package.problems  # known once every note has been read
    _warn(plan, notes)
    names, plan.media = media_names(folder, notes.media, package.media)
    plan.package_media = package.media
    plan.media_used = len(names)
    _plan_files(plan, notes, owned, folder, names)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _converted(
    plan: ImportPlan,
    notes: _Notes,
    anki_note: AnkiNote,
    note_id: str,
    name: str,
    lang: Language,
    package_media: PackageMedia,
) -> Converted | None:
    """The note converted, its table checked as the deck format checks it; None if left out."""
    converted = convert_note(anki_note, note_id, lang)
    if not converted.known_type:
        notes.unknown_types[anki_note.notetype] = notes.unknown_types.get(anki_note.notetype, 0) + 1
    label = printable(note_id)
    if converted.body is None:
        plan.warnings.append(f"left out note {label} ({printable(name)}): {converted.problem}")
        return None
    try:
        Deck.model_validate({"name": name, "notes": [converted.body]})
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"][2:])
        plan.warnings.append(f"left out note {label}: {where}: {printable(problem['msg'])}")
        return None
    for media in sorted(converted.media):
        if media in package_media:
            notes.media.add(media)
        else:
            missing = f"note {label}: media file {printable(media)} is not in the package"
            plan.warnings.append(missing)
    return converted


def _warn(plan: ImportPlan, notes: _Notes) -> None:
    for notetype, count in sorted(notes.unknown_types.items()):
        plan.warnings.append(
            f"{counted(count, 'note')} of note type {printable(notetype)!r} (not Basic, reversed "
            "or Cloze) imported as basic: front and back from its first two fields"
        )
    if plan.clamped:
        plan.warnings.append(
            f"{counted(plan.clamped, 'card')} with a due day, interval, ease or count out of "
            "range: brought within range"
        )
    if plan.dropped:
        plan.warnings.append(
            f"{counted(plan.dropped, 'past answer')} at an impossible time (before 2000) left out"
        )
    if notes.repeated:
        plan.warnings.append(
            f"{counted(notes.repeated, 'note')} left out: the Anki GUID of an earlier note of "
            "the package again"
        )
    if notes.already:
        named = ", ".join(printable(note_id) for note_id in notes.already[:NAMED])
        more = f" and {len(notes.already) - NAMED} more" if len(notes.already) > NAMED else ""
        plan.warnings.append(
            f"{counted(len(notes.already), 'note')} left out: already in your decks with the "
            f"same Anki GUID, kept as they are ({named}{more})"
        )


def _plan_files(
    plan: ImportPlan, notes: _Notes, owned: list[OwnFile], folder: Path, names: dict[str, str]
) -> None:
    """The text of each deck file to write: the import's own files merged, new decks added."""
    label = plan.package.name
    rename = text_renaming(names)
    for own in owned:
        changes = notes.updates.get(own.path, {})
        added = notes.new.pop(own.deck)
        if not changes and not added:
            continue
        merged = [
            renamed_references(changes[index], names) if index in changes else body
            for index, body in enumerate(own.notes)
        ]
        text = deck_text({**own.table, "notes": merged}, label)
        text += "".join("\n" + rename(note) for note in added)
        plan.decks.add(own.path)
        if _current_text(own.path) != text:
            plan.files[own.path] = text
            plan.replacing.add(own.path)
    for name in sorted(notes.new.keys()):
        path = free_deck_path(folder, deck_slug(name), plan.files)
        plan.files[path] = NewDeck(deck_text({"name": name}, label), name, notes.new, rename)
        plan.decks.add(path)


def _current_text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None

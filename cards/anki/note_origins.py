"""Notes that came from Anki go back as Anki's own note types, recorded when they were imported.

Anki matches an incoming note to the one it already has by GUID, and then requires the same note
type: under another type the note is skipped ("conflicting"), and with "Merge note types" ticked
Anki folds the two types into one whose fields clash by name (`Front` becomes `Front+`) and whose
templates then read empty fields. So `flywheel import` records each imported note's Anki note type
(id, fields, templates, styling) and its fields as they were; `flywheel export` writes the note
back under that type, its wording in the fields it came from (unchanged wording keeps Anki's own
HTML) and every other field as it was. A note whose kind changed since goes out as Flywheel's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import genanki

from cards.anki.export_html import cloze_to_html, to_html
from cards.decks.models import Face, Note
from cards.decks.vocabulary import Language, NoteKind

_FACE_SLOTS: dict[NoteKind, tuple[str, str]] = {
    NoteKind.BASIC: ("front", "back"),
    NoteKind.REVERSE: ("front", "back"),
    NoteKind.CLOZE: ("text", "extra"),
}
"""Which part of a Flywheel face each of the first two Anki fields holds (as import maps them)."""


@dataclass(frozen=True, slots=True)
class AnkiOrigin:
    """Where an imported note came from: its Anki note type, kind and fields as imported."""

    notetype_id: int
    kind: NoteKind
    lang: Language
    fields: tuple[str, ...]


@dataclass
class Origins:
    """The recorded note types (by id) and each imported note's origin (by GUID)."""

    notetypes: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, AnkiOrigin] = field(default_factory=dict)

    def of(self, note: Note, guid: str) -> AnkiOrigin | None:
        """The origin a note goes back to, if it still has the kind it came with."""
        origin = self.notes.get(guid)
        if origin is None or origin.kind is not note.kind:
            return None
        return origin if origin.notetype_id in self.notetypes else None


def notetype_definition(notetype: dict[str, Any]) -> dict[str, Any]:
    """What of an Anki note type an export needs to write it again as Anki had it."""
    return {
        "name": notetype["name"],
        "cloze": notetype.get("type") == 1,
        "css": notetype.get("css", ""),
        "fields": [{"name": f["name"], "id": f.get("id")} for f in notetype["flds"]],
        "templates": [
            {"name": t["name"], "id": t.get("id"), "qfmt": t["qfmt"], "afmt": t["afmt"]}
            for t in notetype["tmpls"]
        ],
    }


def record_origins(
    connection: sqlite3.Connection,
    notetypes: dict[int, dict[str, Any]],
    origins: Iterable[tuple[str, AnkiOrigin]],
) -> None:
    """Keep the origins of imported notes, read once as a stream, and the note types they use
    (inside the caller's write transaction)."""
    used: set[int] = set()

    def rows() -> Iterator[tuple[str, int, str, str, str]]:
        for guid, origin in origins:
            used.add(origin.notetype_id)
            fields = json.dumps(list(origin.fields))
            yield (guid, origin.notetype_id, str(origin.kind), origin.lang, fields)

    connection.executemany(
        "INSERT OR REPLACE INTO anki_origin (guid, notetype_id, kind, lang, fields) "
        "VALUES (?, ?, ?, ?, ?)",
        rows(),
    )
    connection.executemany(
        "INSERT OR REPLACE INTO anki_notetype (id, definition) VALUES (?, ?)",
        [(nid, json.dumps(notetype_definition(notetypes[nid]))) for nid in sorted(used)],
    )


def read_origins(connection: sqlite3.Connection) -> Origins:
    """Every recorded origin; a row that does not read back is left out (the note then goes
    out as Flywheel's note type)."""
    origins = Origins()
    for nid, definition in connection.execute("SELECT id, definition FROM anki_notetype"):
        try:
            origins.notetypes[nid] = json.loads(definition)
        except ValueError:
            continue
    rows = connection.execute("SELECT guid, notetype_id, kind, lang, fields FROM anki_origin")
    for guid, nid, kind, lang, fields in rows:
        try:
            origins.notes[guid] = AnkiOrigin(nid, NoteKind(kind), lang, tuple(json.loads(fields)))
        except ValueError:
            continue
    return origins


def origin_model(notetype_id: int, definition: dict[str, Any]) -> Any:
    """A genanki model that Anki reads as the recorded note type itself: same id, field and
    template ids and names."""
    return genanki.Model(
        notetype_id,
        definition["name"],
        fields=[_with_id({"name": f["name"]}, f["id"]) for f in definition["fields"]],
        templates=[
            _with_id({"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]}, t["id"])
            for t in definition["templates"]
        ],
        css=definition["css"],
        model_type=genanki.Model.CLOZE if definition["cloze"] else genanki.Model.FRONT_BACK,
    )


def _with_id(entry: dict[str, Any], anki_id: int | None) -> dict[str, Any]:
    return {**entry, "id": anki_id} if anki_id is not None else entry


def origin_fields(origin: AnkiOrigin, note: Note, faces: dict[Language, Face]) -> list[str]:
    """The note's fields for its Anki note type: the wording where it came from, the rest as
    imported. Wording unchanged since the import keeps Anki's HTML exactly."""
    from cards.anki.import_convert import to_markdown

    face = faces.get(origin.lang) or next(iter(faces.values()))
    fields = list(origin.fields)
    for index, part in enumerate(_FACE_SLOTS[origin.kind]):
        text = getattr(face, part) or ""
        if index >= len(fields):
            break
        if to_markdown(fields[index], set()) == text:
            continue
        fields[index] = cloze_to_html(text) if part == "text" else to_html(text) if text else ""
    return fields


def origin_media(fields: Iterable[str], names: set[str]) -> None:
    """Add the media files that fields in Anki's HTML refer to (`pic.png`) to `names`."""
    from cards.anki.import_convert import to_markdown

    for text in fields:
        to_markdown(text, names)

"""Anki notes as Flywheel exports them: GUIDs, deck ids, tags, citations and field HTML.

A note's GUID comes from its Flywheel id alone (or the `guid` it was imported with), so edited
wording updates the note in Anki instead of adding a second one.
"""

from __future__ import annotations

import functools
import hashlib
import html
import struct
from typing import Any, Final

import genanki

from cards.anki.export_html import cloze_to_html, to_html
from cards.anki.export_safety import fields_without_script_urls
from cards.anki.note_types import (
    BACK_EN,
    BACK_KO,
    CSS,
    EXTRA_EN,
    EXTRA_KO,
    FRONT_EN,
    FRONT_KO,
    NOTE_ID,
    SOURCE,
    TEXT_EN,
    TEXT_KO,
    ModelSpec,
)
from cards.decks.models import DeckSource, Face, Note, SourceRef
from cards.decks.vocabulary import Language, LanguageChoice, NoteKind

# genanki's range for deck ids; Anki itself matches imported decks by name, so the id only has to
# be stable and unique inside one package.
DECK_ID_MIN: Final = 1 << 30
DECK_ID_SPAN: Final = 1 << 30
_GUID_NAMESPACE: Final = "flywheel"
_BASE91: Final = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
_BASE91_PAIRS: Final = [high + low for high in _BASE91 for low in _BASE91]
_UINT64: Final = struct.Struct(">Q")


def note_guid(note_id: str) -> str:
    """The Anki GUID of a note: from its Flywheel id only, so edits update it in place.

    The same string as `genanki.guid_for("flywheel", note_id)`, computed without its slow loop.
    """
    digest = hashlib.sha256(f"{_GUID_NAMESPACE}__{note_id}".encode()).digest()
    number: int = _UINT64.unpack_from(digest)[0]
    # Base 91 two digits at a time; 91**10 > 2**64, so five pairs always suffice.
    number, e = divmod(number, 8281)
    number, d = divmod(number, 8281)
    number, c = divmod(number, 8281)
    a, b = divmod(number, 8281)
    pairs = _BASE91_PAIRS
    return (pairs[a] + pairs[b] + pairs[c] + pairs[d] + pairs[e]).lstrip(_BASE91[0])


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (Anki compares deck names ignoring case)."""
    digest = hashlib.sha256(name.casefold().encode("utf-8")).digest()
    return DECK_ID_MIN + int.from_bytes(digest[:8], "big") % DECK_ID_SPAN


@functools.lru_cache(maxsize=1024)
def source_tag(file: str) -> str:
    """`source::<file name without extension>`; Anki tags cannot contain spaces."""
    stem = file.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    return "source::" + "_".join(stem.split())


def note_tags(note: Note, deck_source: DeckSource | None = None) -> list[str]:
    """The note's tags plus one naming its source document, without repeats."""
    file = note.source.file if note.source else deck_source.file if deck_source else None
    tags = list(note.tags)
    if file:
        tag = source_tag(file)
        if tag not in tags:
            tags.append(tag)
    return tags if len(set(tags)) == len(tags) else list(dict.fromkeys(tags))


def source_html(source: SourceRef | None, deck_source: DeckSource | None = None) -> str:
    """The citation shown under the answer: the document's title when known, file and lines."""
    if source is None:
        return ""
    cite = f"{source.file}:{source.lines}"
    if "&" in cite or "<" in cite or ">" in cite:
        cite = html.escape(cite, quote=False)
    if deck_source is None or deck_source.file != source.file or not deck_source.title:
        return cite
    return f"{_title_html(deck_source.title, deck_source.url)} · {cite}"


@functools.lru_cache(maxsize=256)
def _title_html(title: str, url: str | None) -> str:
    """A source document's title, linked when its address is on the web."""
    text = html.escape(title, quote=False)
    if url and url.lower().startswith(("https://", "http://")):
        return f'<a href="{html.escape(url)}">{text}</a>'
    return text


def exported_faces(note: Note, lang: LanguageChoice) -> dict[Language, Face]:
    """The wording that goes into the package: both languages, or only the chosen one."""
    faces: dict[Language, Face] = {}
    if note.en is not None and lang != "ko":
        faces["en"] = note.en
    if note.ko is not None and lang != "en":
        faces["ko"] = note.ko
    return faces


def note_fields(
    note: Note,
    lang: LanguageChoice = "both",
    deck_source: DeckSource | None = None,
    faces: dict[Language, Face] | None = None,
) -> list[str]:
    """The HTML of every field of the note's Anki note type, in field order (`FIELD_ORDER`).

    Fields of a language not exported are empty; the templates leave empty fields out.
    `faces` is `exported_faces(note, lang)` when the caller has it already.
    """
    if faces is None:
        faces = exported_faces(note, lang)
    en, ko = faces.get("en"), faces.get("ko")
    extra_en = to_html(en.extra) if en is not None and en.extra else ""
    extra_ko = to_html(ko.extra) if ko is not None and ko.extra else ""
    source = source_html(note.source, deck_source)
    if note.kind is NoteKind.CLOZE:
        fields = [
            cloze_to_html(en.text or "") if en is not None else "",
            cloze_to_html(ko.text or "") if ko is not None else "",
            extra_en,
            extra_ko,
            source,
            note.id,
        ]
    else:
        fields = [
            to_html(en.front or "") if en is not None else "",
            to_html(en.back or "") if en is not None else "",
            to_html(ko.front or "") if ko is not None else "",
            to_html(ko.back or "") if ko is not None else "",
            extra_en,
            extra_ko,
            source,
            note.id,
        ]
    return fields_without_script_urls(fields)  # no script address survives


FIELD_ORDER: Final[dict[NoteKind, tuple[str, ...]]] = {
    NoteKind.BASIC: (FRONT_EN, BACK_EN, FRONT_KO, BACK_KO, EXTRA_EN, EXTRA_KO, SOURCE, NOTE_ID),
    NoteKind.REVERSE: (FRONT_EN, BACK_EN, FRONT_KO, BACK_KO, EXTRA_EN, EXTRA_KO, SOURCE, NOTE_ID),
    NoteKind.CLOZE: (TEXT_EN, TEXT_KO, EXTRA_EN, EXTRA_KO, SOURCE, NOTE_ID),
}
"""The field keys `note_fields` fills, in order; must match `MODEL_SPECS` (a test checks)."""


def genanki_model(spec: ModelSpec) -> Any:
    """A fresh genanki model for `spec` (genanki mutates its models while writing)."""
    return genanki.Model(
        spec.id,
        spec.name,
        fields=[{"name": f.name, "id": f.id} for f in spec.fields],
        templates=[
            {"name": t.name, "id": t.id, "qfmt": t.qfmt, "afmt": t.afmt} for t in spec.templates
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
    )

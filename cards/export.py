"""Anki export: decks become an `.apkg` package that re-imports as updates, never as duplicates.

What makes a re-import update instead of duplicate, and why:

- A note's GUID comes from its Flywheel id alone, so edited wording updates the note in Anki.
- Note types, their fields and templates carry constant ids (`cards.anki_models`), so a renamed
  field or template updates the note type rather than forking a second one.
- Anki replaces an existing note only when the incoming modification time is strictly newer, and
  times are whole seconds: `next_timestamp` makes each export to the same file at least one second
  later than the previous one, even when both happen within one second.

Card text is Markdown, rendered to HTML with raw HTML disabled, so whatever a deck file says is
shown as text and never run by Anki's reviewer. The package is assembled in memory and written
atomically: no temporary file is left behind, and a failed export leaves the old file untouched.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import os
import secrets
import sqlite3
import struct
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

import genanki

from cards.anki_html import block_html, cloze_to_html, to_html
from cards.anki_models import (
    BACK_EN,
    BACK_KO,
    CSS,
    EXTRA_EN,
    EXTRA_KO,
    FRONT_EN,
    FRONT_KO,
    MODEL_SPECS,
    NOTE_ID,
    SOURCE,
    TEXT_EN,
    TEXT_KO,
    ModelSpec,
)
from cards.anki_safety import fields_without_script_urls, without_script_urls
from cards.errors import FlywheelError
from cards.models import (
    LANGUAGE_CHOICES,
    Deck,
    DeckSource,
    Face,
    Language,
    LanguageChoice,
    Note,
    NoteKind,
    SourceRef,
)
from cards.plural import counted

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` after each note is written."""

# genanki's range for deck ids; Anki itself matches imported decks by name, so the id only has to
# be stable and unique inside one package.
_DECK_ID_MIN: Final = 1 << 30
_DECK_ID_SPAN: Final = 1 << 30
_GUID_NAMESPACE: Final = "flywheel"
_BASE91: Final = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
_BASE91_PAIRS: Final = [high + low for high in _BASE91 for low in _BASE91]
_UINT64: Final = struct.Struct(">Q")


# ------------------------------------------------------------------------------ Anki notes


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
    return _DECK_ID_MIN + int.from_bytes(digest[:8], "big") % _DECK_ID_SPAN


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


# ---------------------------------------------------------------------------------- planning


class Entry(NamedTuple):
    """A note on its way into the package."""

    note: Note
    deck_source: DeckSource | None
    guid: str
    faces: dict[Language, Face]


@dataclass
class PlannedDeck:
    """One Anki deck: Flywheel decks of the same name (ignoring case) are merged."""

    id: int
    name: str
    description: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class ExportPlan:
    """What an export will write, before anything is written."""

    lang: LanguageChoice
    decks: list[PlannedDeck]
    skipped: int = 0
    """Notes left out because they lack the chosen language."""

    @property
    def notes(self) -> int:
        return sum(len(deck.entries) for deck in self.decks)

    def kinds(self) -> set[NoteKind]:
        return {entry.note.kind for deck in self.decks for entry in deck.entries}


def plan_export(decks: Iterable[Deck], lang: LanguageChoice = "both") -> ExportPlan:
    """Group notes into Anki decks, drop notes without the chosen language, check uniqueness."""
    if lang not in LANGUAGE_CHOICES:
        raise FlywheelError(f"--lang must be one of {', '.join(LANGUAGE_CHOICES)}, not {lang!r}")
    by_name: dict[str, PlannedDeck] = {}
    used_ids: dict[int, str] = {}
    guids: dict[str, str] = {}
    skipped = 0
    for deck in decks:
        key = deck.name.casefold()
        planned = by_name.get(key)
        if planned is None:
            planned = PlannedDeck(_unique_deck_id(deck.name, used_ids), deck.name, "")
            by_name[key] = planned
        if not planned.description:
            planned.description = _deck_description(deck)
        for note in deck.notes:
            faces = exported_faces(note, lang)
            if not faces:
                skipped += 1
                continue
            guid = note_guid(note.id)
            if guid in guids:
                raise FlywheelError(f"note {note.id} appears twice (in {guids[guid]} too)")
            guids[guid] = deck.name
            planned.entries.append(Entry(note, deck.source, guid, faces))
    kept = [deck for deck in by_name.values() if deck.entries]
    return ExportPlan(lang, kept, skipped)


def _unique_deck_id(name: str, used: dict[int, str]) -> int:
    """`deck_id(name)`, probing past the (astronomically rare) collision within one package."""
    candidate = deck_id(name)
    while candidate in used:
        candidate = _DECK_ID_MIN + (candidate - _DECK_ID_MIN + 1) % _DECK_ID_SPAN
    used[candidate] = name
    return candidate


def _deck_description(deck: Deck) -> str:
    """Anki's deck description: the deck's own (Markdown) and its source document."""
    parts = [block_html(deck.description)] if deck.description.strip() else []
    source = deck.source
    bits = [source.title, source.author, source.outlet, source.date, source.file] if source else []
    if any(bits):
        text = ", ".join(html.escape(bit, quote=False) for bit in bits if bit)
        parts.append(f"<p>Source: {text}</p>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class ExportSummary:
    """What was written."""

    path: Path
    decks: int
    notes: int
    cards: int
    skipped: int
    timestamp: int

    def __str__(self) -> str:
        text = (
            f"wrote {self.path}: {counted(self.decks, 'deck')}, {counted(self.notes, 'note')}, "
            f"{counted(self.cards, 'card')}"
        )
        if self.skipped:
            text += f" ({counted(self.skipped, 'note')} without that language left out)"
        return text


def next_timestamp(path: Path, now: float | None = None) -> int:
    """The modification time (whole seconds) for notes in a new export to `path`.

    Anki updates a note only when the incoming one is strictly newer, so this is the later of now
    and one second past the previous export to the same file (whose mtime `export_apkg` sets to
    its timestamp).
    """
    stamp = int(time.time() if now is None else now)
    try:
        previous = int(path.stat().st_mtime)
    except OSError:
        return stamp
    return max(stamp, previous + 1)


def export_apkg(
    decks: Iterable[Deck],
    path: Path,
    *,
    lang: LanguageChoice = "both",
    timestamp: int | None = None,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write `decks` to the Anki package `path`, atomically.

    Args:
        decks: the decks to export; decks with the same name are merged.
        path: the `.apkg` file to write; its folder must exist.
        lang: "both", or "en"/"ko" for that language's wording only (notes without it are left
            out and counted in the summary's `skipped`).
        timestamp: note modification time in seconds; by default `next_timestamp(path)`. The
            same decks and timestamp give a byte-identical package.
        progress: called as `progress(done, total)` after each note.

    Raises:
        FlywheelError: nothing to export, a note id twice, or the file cannot be written.
    """
    plan = plan_export(decks, lang)
    if not plan.notes:
        reason = f" with {'English' if lang == 'en' else 'Korean'} wording" if plan.skipped else ""
        raise FlywheelError(f"nothing to export: no notes{reason}")
    _check_target(path)
    stamp = next_timestamp(path) if timestamp is None else timestamp
    database, cards = build_collection(plan, stamp, progress)
    try:
        _write_atomically(path, _package_members(database, stamp))
        os.utime(path, (stamp, stamp))
    except OSError as error:
        raise FlywheelError(_write_problem(path, error)) from None
    return ExportSummary(path, len(plan.decks), plan.notes, cards, plan.skipped, stamp)


def build_collection(
    plan: ExportPlan, timestamp: int, progress: Progress | None = None
) -> tuple[bytes, int]:
    """The package's SQLite collection (built in memory by genanki) and its card count."""
    models = {kind: genanki_model(MODEL_SPECS[kind]) for kind in sorted(plan.kinds())}
    anki_decks = []
    for planned in plan.decks:
        description = without_script_urls(planned.description)
        anki_deck = genanki.Deck(planned.id, planned.name, description)
        for model in models.values():
            anki_deck.add_model(model)
        anki_decks.append(anki_deck)
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        ids = itertools.count(timestamp * 1000)  # note and card ids, as genanki makes them
        # Writes the schema, the decks and the note types; the notes follow one by one.
        genanki.Package(anki_decks).write_to_db(cursor, timestamp, ids)
        cards = done = 0
        total = plan.notes
        for planned in plan.decks:
            for entry in planned.entries:
                note = entry.note
                done += 1
                anki_note = genanki.Note(
                    model=models[note.kind],
                    fields=note_fields(note, plan.lang, entry.deck_source, entry.faces),
                    tags=note_tags(note, entry.deck_source),
                    guid=entry.guid,
                    due=done,  # new cards come up in deck-file order
                )
                anki_note.write_to_db(cursor, timestamp, planned.id, ids)
                cards += len(anki_note.cards)
                if progress is not None:
                    progress(done, total)
        connection.commit()
        return connection.serialize(), cards
    finally:
        connection.close()


def _package_members(database: bytes, timestamp: int) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The archive members of an `.apkg`: the collection and an empty media map."""
    moment = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    members = []
    for name, data in (("collection.anki2", database), ("media", b"{}")):
        info = zipfile.ZipInfo(name, date_time=moment)
        info.compress_type = zipfile.ZIP_STORED  # as genanki: deflating costs more than it saves
        members.append((info, data))
    return members


def _check_target(path: Path) -> None:
    """Fail early, with a clear message, when `path` obviously cannot be written."""
    if path.is_dir():
        raise FlywheelError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.exists():
        raise FlywheelError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise FlywheelError(f"cannot write {path}: {folder} is not a folder")


def _write_atomically(path: Path, members: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> None:
    """Write a zip next to `path`, then rename it over `path`; on failure remove it."""
    descriptor, temporary = _create_temporary(path)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as archive:
                for info, data in members:
                    archive.writestr(info, data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file in `path`'s folder, created with the umask's usual permissions."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _write_problem(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"cannot write {path}: permission denied"
    if isinstance(error, FileNotFoundError):
        return f"cannot write {path}: folder {path.parent} does not exist"
    if isinstance(error, NotADirectoryError):
        return f"cannot write {path}: {path.parent} is not a folder"
    if isinstance(error, IsADirectoryError):
        return f"cannot write {path}: it is a folder"
    return f"cannot write {path}: {error.strerror or error}"

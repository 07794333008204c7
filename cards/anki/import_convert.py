"""Anki notes become Flywheel notes: note types mapped to kinds, field HTML to Markdown, ids made.

- Note types: Flywheel's own come back as they went out, both languages and the note id;
  Basic is `basic`, "Basic (and reversed card)" is `reverse`, Cloze is `cloze` (text
  and Back Extra); any other note type becomes a `basic` note of its first two fields, with a
  warning naming it. Anki records which stock type a note type began as, so renamed copies of
  the stock types map as their originals.
- Field HTML becomes Markdown through markdownify. Images become Markdown images and sounds
  (`[sound:...]`) links, both pointing into the `media` folder beside the deck file.
- The wording goes into one language, the one chosen (English by default): which language a
  field is in is not guessed.
- Ids are slugs of the deck's last name part and the first field, made unique; a note imported
  before keeps its id, found by its Anki GUID, which the note keeps.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from cards.anki.import_reader import AnkiNote
from cards.anki.note_types import MODEL_SPECS, NAMES, NOTE_ID
from cards.decks.media import MEDIA_FOLDER
from cards.decks.models import SLUG_PATH
from cards.decks.vocabulary import DECK_SEPARATOR, Language, NoteKind

SLUG_WORDS = 6
STOCK_KINDS = {1: NoteKind.BASIC, 2: NoteKind.REVERSE}
STOCK_CLOZE = 5
FLYWHEEL_TYPES = {spec.name: kind for kind, spec in MODEL_SPECS.items()}
STOCK_NAMES = {"Basic": NoteKind.BASIC, "Basic (and reversed card)": NoteKind.REVERSE}
_CLASH_SUFFIX = re.compile(r"(?:\+|-[0-9a-f]{5})+$")
_MARKUP = re.compile(r"[<&*_\\\t\r]|\[sound:")
_SPACES = re.compile(r" +")
_NEWLINES = re.compile(r"[ \n]*\n[ \n]*")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.DOTALL)
_MATHJAX = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_MATH_PLACEHOLDER = re.compile("\ue100(\\d+)\ue101")
_EMPHASIS = re.compile(r"<(em|i|strong|b)>([^<>\s](?:[^<>]*[^<>\s])?)</\1>")
_EMPHASIS_MARK = {"em": "*", "i": "*", "strong": "**", "b": "**"}


@dataclass
class Converted:
    """A note ready for a deck file (`body`), the media it uses and why it could not be."""

    body: dict[str, Any] | None
    kind: NoteKind
    known_type: bool
    media: set[str] = field(default_factory=set)
    problem: str | None = None


def note_kind(note: AnkiNote) -> tuple[NoteKind, bool]:
    """The kind an Anki note becomes, and whether its note type is one Flywheel knows.

    A note type is known by the stock type it began as (older packages do not say: then by its
    name, less the `+` or `-abcde` Anki appends to a clashing name) and by its shape: two
    fields, and one card (Basic) or two (reversed). Anything else is read as Basic, with a
    warning from the caller.
    """
    own = flywheel_type(note)
    if own is not None:
        return own, True
    name = _CLASH_SUFFIX.sub("", note.notetype)
    if note.cloze:
        return NoteKind.CLOZE, note.stock_kind in (STOCK_CLOZE, None)
    kind = STOCK_KINDS.get(note.stock_kind or 0) or STOCK_NAMES.get(name)
    shape = (len(note.fields), note.templates)
    if kind is NoteKind.BASIC and shape == (2, 1):
        return NoteKind.BASIC, True
    if kind is NoteKind.REVERSE and shape == (2, 2):
        return NoteKind.REVERSE, True
    return NoteKind.BASIC, False


def flywheel_type(note: AnkiNote) -> NoteKind | None:
    """The kind of a note of one of Flywheel's own note types (an export come back)."""
    if NAMES[NOTE_ID] not in note.field_names:
        return None
    return FLYWHEEL_TYPES.get(_CLASH_SUFFIX.sub("", note.notetype))


def template_for(kind: NoteKind, ordinal: int) -> str | None:
    """The Flywheel template of an Anki card, or None for a card Flywheel does not make (a
    crafted package may give any ordinal, negative ones too)."""
    if ordinal < 0:
        return None
    if kind is NoteKind.CLOZE:
        return f"c{ordinal + 1}"
    templates = ("fwd", "rev") if kind is NoteKind.REVERSE else ("fwd",)
    return templates[ordinal] if ordinal < len(templates) else None


def convert_note(note: AnkiNote, note_id: str, lang: Language) -> Converted:
    """The deck-file table of one note (in the language `lang`)."""
    kind, known = note_kind(note)
    media: set[str] = set()
    if flywheel_type(note) is not None:  # only the wording is read: the source and id are not
        by_name = {
            name: to_markdown(text, media)
            for name, text in zip(note.field_names, note.fields, strict=False)
            if name in FLYWHEEL_WORDING
        }
        return _flywheel_note(note, note_id, kind, by_name, media)
    fields = [to_markdown(text, media) for text in note.fields]
    first = fields[0] if fields else ""
    second = fields[1] if len(fields) > 1 else ""
    if kind is NoteKind.CLOZE:
        face = {"text": first, "extra": second}
        missing = [] if first else ["text"]
    else:
        face = {"front": first, "back": second}
        missing = [name for name, text in face.items() if not text]
    if missing:
        return Converted(None, kind, known, media, f"empty {' and '.join(missing)}")
    body: dict[str, Any] = {"id": note_id, "kind": str(kind), "guid": note.guid}
    tags = [tag for tag in note.tags if len(tag) <= 100]
    if tags:
        body["tags"] = tags
    body[lang] = {name: text for name, text in face.items() if text}
    return Converted(body, kind, known, media)


def flywheel_id(note: AnkiNote) -> str | None:
    """The Flywheel id a note exported by Flywheel carries, if it is one."""
    if NAMES[NOTE_ID] not in note.field_names:
        return None
    value = note.fields[note.field_names.index(NAMES[NOTE_ID])].strip()
    return value if re.fullmatch(SLUG_PATH, value) and len(value) <= 200 else None


FLYWHEEL_WORDING = {
    f"{part}{suffix}" for part in ("Front", "Back", "Extra", "Text") for suffix in ("", " (Korean)")
}
"""The fields of Flywheel's own note types that `_flywheel_note` reads."""


def _flywheel_note(
    note: AnkiNote, note_id: str, kind: NoteKind, fields: dict[str, str], media: set[str]
) -> Converted:
    """A note of Flywheel's own note types: both languages, by field name."""
    parts = ("text", "extra") if kind is NoteKind.CLOZE else ("front", "back", "extra")
    body: dict[str, Any] = {"id": note_id, "kind": str(kind), "guid": note.guid}
    tags = [tag for tag in note.tags if len(tag) <= 100 and not tag.startswith("source::")]
    if tags:
        body["tags"] = tags
    for lang, suffix in (("en", ""), ("ko", " (Korean)")):
        face = {part: fields.get(f"{part.capitalize()}{suffix}", "") for part in parts}
        if all(face[part] for part in parts if part != "extra"):
            body[lang] = {part: text for part, text in face.items() if text}
    if "en" not in body and "ko" not in body:
        return Converted(None, kind, True, media, "no wording in either language")
    return Converted(body, kind, True, media)


def to_markdown(field_html: str, media: set[str]) -> str:
    """Markdown for a field's HTML; media files it refers to are added to `media`."""
    if not _MARKUP.search(field_html):  # plain words: what markdownify would make of them
        return _plain(field_html)
    simple = _simple_emphasis(field_html)
    if simple is not None:
        return simple

    def sound(match: re.Match[str]) -> str:
        name = match.group(1)
        if not safe_media_name(name):
            return html.escape(name)
        media.add(name)
        return f'<a href="{MEDIA_FOLDER}/{quote(name)}">{html.escape(name)}</a>'

    # MathJax is set aside, so its backslashes, underscores and stars stay as Anki had them.
    maths: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        maths.append(html.unescape(match.group()))
        return f"\ue100{len(maths) - 1}\ue101"

    def restore(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return maths[index] if index < len(maths) else ""

    if "\ue100" not in field_html:
        field_html = _MATHJAX.sub(set_aside, field_html)
    converter = _converter()
    converter.media = media
    markdown = converter.convert(_SOUND.sub(sound, field_html)).replace("\xa0", " ")
    return _tidy(_MATH_PLACEHOLDER.sub(restore, markdown) if maths else markdown)


def _plain(text: str) -> str:
    """Words without markup as markdownify gives them: spaces and newlines tidied, no-break
    spaces made plain ones (as after markdownify, below)."""
    return _tidy(_SPACES.sub(" ", _NEWLINES.sub("\n", text)).replace("\xa0", " "))


def _simple_emphasis(field_html: str) -> str | None:
    """Plain words with bold and italic tags around some of them, the commonest markup of
    all, converted as markdownify would without parsing a tree; None for anything else."""
    if "<" not in field_html or "\n" in field_html:
        return None
    parts: list[str] = []
    end = 0
    for match in _EMPHASIS.finditer(field_html):
        parts += [field_html[end : match.start()], match.group(1), match.group(2)]
        end = match.end()
    parts.append(field_html[end:])
    texts = parts[::3] + parts[2::3]
    if any(_MARKUP.search(text) or "<" in text or ">" in text for text in texts):
        return None
    markdown = parts[0]
    for index in range(1, len(parts), 3):
        mark = _EMPHASIS_MARK[parts[index]]
        markdown += f"{mark}{parts[index + 1]}{mark}{parts[index + 2]}"
    return _plain(markdown)


def _tidy(markdown: str) -> str:
    """No trailing spaces on a line, at most one blank line in a row, none around."""
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@functools.cache
def _converter() -> Any:
    """One markdownify converter (making one costs more than most fields' conversion)."""
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        media: set[str]

        def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
            source = el.get("src") or ""
            if safe_media_name(source):
                self.media.add(source)
                el["src"] = f"{MEDIA_FOLDER}/{quote(source)}"
            return str(super().convert_img(el, text, parent_tags))  # type: ignore[misc]

    return Converter(heading_style="ATX", bullets="-", newline_style="backslash")


def safe_media_name(name: str) -> bool:
    """A file name in the package's media folder: no folders, addresses or hidden files."""
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\:\0")


def plain_text(field_html: str) -> str:
    """The words of a field, for a slug: no markup, cloze gaps read as their answers."""
    text = _CLOZE.sub(r"\1", field_html)
    text = re.sub(r"<[^>]*>", " ", text)
    return html.unescape(_SOUND.sub(" ", text))


def slug(text: str, words: int = SLUG_WORDS) -> str:
    """Lowercase ASCII words joined by `-`; accents dropped, other scripts left out."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words])


def deck_name(anki_name: str) -> str:
    """An Anki deck name as Flywheel accepts it: parts trimmed, stray colons made dashes."""
    parts = [" ".join(part.replace(":", "-").split()) for part in anki_name.split(DECK_SEPARATOR)]
    return DECK_SEPARATOR.join(part for part in parts if part)[:200] or "Default"


def deck_slug(name: str) -> str:
    """The file name stem for a deck: every part of its name."""
    return "-".join(filter(None, (slug(part, 8) for part in name.split(DECK_SEPARATOR)))) or "deck"


class IdMaker:
    """Note ids from the deck and first field, unique among `taken`."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def claim(self, note_id: str | None) -> str | None:
        """`note_id` itself if it is free (a note exported by Flywheel keeps its id)."""
        if note_id is None or note_id in self.taken:
            return None
        self.taken.add(note_id)
        return note_id

    def make(self, deck: str, first_field: str) -> str:
        prefix = slug(deck.split(DECK_SEPARATOR)[-1], 4) or "anki"
        base = f"{prefix}/{slug(plain_text(first_field)) or 'note'}"
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate

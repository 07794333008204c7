"""The three Anki note types Flywheel exports: their ids, fields, templates and styling.

Anki recognises an imported note type by its id, and its fields and templates by their `id` keys
(falling back to names when an id is missing). Every id here is a constant that must never
change: a new id, or a field without one, makes Anki add a second note type ("Flywheel Basic-…")
instead of updating the first, and notes of the old one then refuse every update. Names and
templates may change freely; the next import renames them in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from cards.decks.vocabulary import NoteKind


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its key in Flywheel's code, its name in Anki and its permanent id."""

    key: str
    name: str
    id: int


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One card template; `qfmt`/`afmt` are Anki's question and answer formats."""

    name: str
    id: int
    qfmt: str
    afmt: str


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One note type."""

    id: int
    name: str
    fields: tuple[FieldSpec, ...]
    templates: tuple[TemplateSpec, ...]
    cloze: bool = False

    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


# Field keys: `<part>_<language>` for wording, plus the citation and the note's Flywheel id.
FRONT_EN, BACK_EN, FRONT_KO, BACK_KO = "front_en", "back_en", "front_ko", "back_ko"
TEXT_EN, TEXT_KO, EXTRA_EN, EXTRA_KO = "text_en", "text_ko", "extra_en", "extra_ko"
SOURCE, NOTE_ID = "source", "note_id"

# Field names as Anki shows them; templates refer to fields by these names.
NAMES: Final[dict[str, str]] = {
    FRONT_EN: "Front",
    BACK_EN: "Back",
    FRONT_KO: "Front (Korean)",
    BACK_KO: "Back (Korean)",
    TEXT_EN: "Text",
    TEXT_KO: "Text (Korean)",
    EXTRA_EN: "Extra",
    EXTRA_KO: "Extra (Korean)",
    SOURCE: "Source",
    NOTE_ID: "Flywheel ID",
}

CSS: Final = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.5em;
}
:lang(ko) {
  font-family: "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif;
  word-break: keep-all;
}
.fw-side + .fw-side {
  margin-top: 0.6em;
  padding-top: 0.6em;
  border-top: 1px dashed rgba(128, 128, 128, 0.4);
}
.fw-extra { margin-top: 1em; font-size: 0.85em; opacity: 0.8; }
.fw-source { margin-top: 1.2em; font-size: 0.7em; opacity: 0.6; }
.fw-side p:first-child, .fw-extra p:first-child { margin-top: 0; }
.fw-side p:last-child, .fw-extra p:last-child { margin-bottom: 0; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze { color: #90caf9; }
"""


def _block(key: str, css_class: str, lang: str | None = None, *, cloze: bool = False) -> str:
    """A `<div>` showing the field `key`, left out entirely when the field is empty."""
    field = NAMES[key]
    attrs = f' class="{css_class}"' + (f' lang="{lang}"' if lang else "")
    value = f"{{{{cloze:{field}}}}}" if cloze else f"{{{{{field}}}}}"
    return f"{{{{#{field}}}}}<div{attrs}>{value}</div>{{{{/{field}}}}}"


def _fields(keys: tuple[str, ...], ids: tuple[int, ...]) -> tuple[FieldSpec, ...]:
    """Each field key with its display name and its fixed Anki id, in order."""
    return tuple(FieldSpec(key, NAMES[key], id) for key, id in zip(keys, ids, strict=True))


def _sides(en: str, ko: str, *, cloze: bool = False) -> str:
    return "\n".join(
        [_block(en, "fw-side", "en", cloze=cloze), _block(ko, "fw-side", "ko", cloze=cloze)]
    )


_AFTER_ANSWER = "\n".join(
    [
        _block(EXTRA_EN, "fw-extra", "en"),
        _block(EXTRA_KO, "fw-extra", "ko"),
        _block(SOURCE, "fw-source"),
    ]
)
_ANSWER_RULE = '{{FrontSide}}\n<hr id="answer">\n'

_FRONT_BACK_KEYS = (FRONT_EN, BACK_EN, FRONT_KO, BACK_KO, EXTRA_EN, EXTRA_KO, SOURCE, NOTE_ID)
_FORWARD_Q = _sides(FRONT_EN, FRONT_KO)
_FORWARD_A = _ANSWER_RULE + _sides(BACK_EN, BACK_KO) + "\n" + _AFTER_ANSWER
_REVERSE_Q = _sides(BACK_EN, BACK_KO)
_REVERSE_A = _ANSWER_RULE + _sides(FRONT_EN, FRONT_KO) + "\n" + _AFTER_ANSWER
_CLOZE_SIDES = _sides(TEXT_EN, TEXT_KO, cloze=True)

BASIC: Final = ModelSpec(
    id=2053568219,
    name="Flywheel Basic",
    fields=_fields(
        _FRONT_BACK_KEYS,
        (
            2004957720007274228,
            335610160608855722,
            8073733317847521085,
            9136604006975695028,
            3266301271691199800,
            8362750518251262788,
            2718370490952618016,
            2531744672333747846,
        ),
    ),
    templates=(TemplateSpec("Forward", 3991053609398976808, _FORWARD_Q, _FORWARD_A),),
)

REVERSE: Final = ModelSpec(
    id=1336775259,
    name="Flywheel Reverse",
    fields=_fields(
        _FRONT_BACK_KEYS,
        (
            1022880645210393479,
            4060338380531869943,
            8129904852632025314,
            187567699211109503,
            55944946850265556,
            5185024281301204260,
            691533989241613148,
            7559531150048240500,
        ),
    ),
    templates=(
        TemplateSpec("Forward", 4941575658962578260, _FORWARD_Q, _FORWARD_A),
        TemplateSpec("Reverse", 9140126675021304617, _REVERSE_Q, _REVERSE_A),
    ),
)

CLOZE: Final = ModelSpec(
    id=1740330668,
    name="Flywheel Cloze",
    fields=_fields(
        (TEXT_EN, TEXT_KO, EXTRA_EN, EXTRA_KO, SOURCE, NOTE_ID),
        (
            4227071740998872804,
            6172592151420387465,
            1370209453340861734,
            7306446512436129591,
            3580346425867370412,
            8840853342585733706,
        ),
    ),
    templates=(
        TemplateSpec(
            "Cloze", 5793404640393934229, _CLOZE_SIDES, _CLOZE_SIDES + "\n" + _AFTER_ANSWER
        ),
    ),
    cloze=True,
)

MODEL_SPECS: Final[dict[NoteKind, ModelSpec]] = {
    NoteKind.BASIC: BASIC,
    NoteKind.REVERSE: REVERSE,
    NoteKind.CLOZE: CLOZE,
}

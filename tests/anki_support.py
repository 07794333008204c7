"""What the tests of the Anki export share: deck text with every kind of markup, a way to import
a package as Anki's dialog does, and ways to read back what Anki made of it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import (
    IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    ImportResponse,
)

from cards.anki.export_notes import note_guid
from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.decks.models import Deck, Note
from seeds import BUILTIN_DECKS

MARKUP_DECK = """\
name = "Test::Markup::Deep"
description = "Markup, raw HTML and **bold** descriptions."

[source]
file = "010_0123456789abcdef.txt"
lines = 40
title = "A <tricky> & source"
url = "https://example.com/a?b=1&c=2"

[[notes]]
id = "markup/html"
kind = "basic"
tags = ["html"]
source = { file = "010_0123456789abcdef.txt", lines = "3-4,7" }
en.front = "What does <script>alert(1)</script> do in a card?"
en.back = "Nothing: <img src=x onerror=alert(2)> is shown as text, [x](javascript:alert(3)) too."
en.extra = "*Emphasis*, **strong**, `code` and a [link](https://example.com)."
ko.front = "카드 속 <b>태그</b>는?"
ko.back = "글자 그대로 보인다 & 실행되지 않는다"

[[notes]]
id = "markup/blocks"
kind = "reverse"
en.front = "1994. A year, or a list?"
en.back = "# Not a heading?\\n\\n- a list\\n- of two\\n\\nand a paragraph"

[[notes]]
id = "markup/cloze"
kind = "cloze"
tags = ["figures"]
en.text = "**{{c1::Seoul}}** is the capital; {{c2::*stress*::hint <b>}}, {{c3::a < b}}, {{c2::2}}."
en.extra = "Line one\\nline two"
ko.text = "{{c1::서울}}은 수도이고 {{c2::`코드`}}, {{c3::a < b}}이다."

[[notes]]
id = "markup/korean-only"
kind = "basic"
ko.front = "영어가 없는 노트"
ko.back = "한국어만 있다"
"""

# What Anki's renderer writes into a card when a template or field goes wrong.
ANKI_ERRORS = (
    "template has a problem",
    "front of this card is blank",
    "no field called",
    "no cloze",
    "{{",
    "}}",
)


# ------------------------------------------------------------------------------ fixtures


def import_apkg(
    collection: AnkiCollection, path: Path, *, scheduling: bool = False
) -> ImportResponse.Log:
    """Import as Anki's import dialog does by default: update notes and note types if newer;
    `scheduling` ticks "Import any learning progress"."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=scheduling,
        with_deck_configs=False,
    )
    request = ImportAnkiPackageRequest(package_path=str(path), options=options)
    return collection.import_anki_package(request).log


def decks_from(write_deck: Callable[..., Path], *texts: str) -> list[Deck]:
    """Write deck files (deck0.toml, deck1.toml...) and read them back as Flywheel does."""
    paths = [write_deck(text, f"deck{number}.toml") for number, text in enumerate(texts)]
    collection = load_collection(paths)
    assert collection.problems == []
    return [deck_file.deck for deck_file in collection.decks]


def seed_decks() -> list[Deck]:
    collection = load_collection(deck_paths([BUILTIN_DECKS]))
    assert collection.problems == []
    return [deck_file.deck for deck_file in collection.decks]


def flywheel_notes(decks: list[Deck]) -> dict[str, tuple[Deck, Note]]:
    """Our notes by the GUID they should have in Anki."""
    return {note_guid(note.id): (deck, note) for deck in decks for note in deck.notes}


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def flywheel_notetypes(collection: AnkiCollection) -> list[dict[str, Any]]:
    return [nt for nt in collection.models.all() if nt["name"].startswith("Flywheel")]

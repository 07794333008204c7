"""What browse's search matches, kept for each note: its words and tags case-folded.

SQLite's `lower()` folds ASCII letters only, so `KÖLN` would miss `Köln` and `STRASSE` miss
`Straße`; Python's `casefold` folds all of Unicode. Sync stores the folded forms in
`note_search` (and a migration fills it for notes stored before), so a search is a plain
`instr` over a narrow table, however many notes there are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from cards.decks import cloze
from cards.decks.vocabulary import LANGUAGES

_FIELDS = ("front", "back", "text", "extra")


def search_text(body: Mapping[str, Any]) -> str:
    """The note's id and every field in every language, cloze answers in place, folded; a NUL
    becomes a newline, as between fields (FTS5's tokenizer would stop reading at it)."""
    parts = [str(body.get("id", ""))]
    for language in LANGUAGES:
        wording = body.get(language) or {}
        for field in _FIELDS:
            value = wording.get(field)
            if isinstance(value, str) and value:
                parts.append(_answers_in_place(value) if field == "text" else value)
    return "\n".join(parts).casefold().replace("\0", "\n")


def tag_key(tags: Iterable[str]) -> str:
    """Each tag folded, each after a newline: `tag:WORD` matches a tag starting with WORD as
    the text `"\\n" + word` anywhere in it."""
    return "".join("\n" + tag.casefold() for tag in tags)


def _answers_in_place(text: str) -> str:
    return cloze.DELETION.sub(lambda match: match.group(2), text)


def stored_search_text(body: str) -> str:
    """`search_text` of a note's stored JSON (for the migration that fills the column)."""
    return search_text(json.loads(body))


def stored_tag_key(body: str) -> str:
    """`tag_key` of a note's stored JSON."""
    return tag_key(json.loads(body).get("tags", ()))

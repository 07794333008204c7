"""Browse's search and sort, in SQL: which cards match a query, in the order asked for.

Query syntax: plain words must all appear in the note's text or the card's id; `deck:WORD`
and `tag:WORD` narrow by deck (substring) and tag (prefix); `is:new`, `is:due`,
`is:suspended`, `is:leech`, `is:buried` by state (an unknown state matches nothing). Case is
ignored over all of Unicode: the query is folded by Python and compared with the folded
columns sync keeps in `note_search` (`cards.store.search_text`). A word of two characters or
more is looked up in `note_words`, the index of every three characters in a row of the notes'
words, rather than read for in every note; a word of one is read for in the notes the others
leave (or in all). Cards are matched by their note's key, walking the deck order's index. Only
card ids come back, joined into one string by SQLite (a row each would cost more than the
search); the rows are read a page at a time as they are shown (`cards.store.browse`).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cards.schedule.card_states import due_sql, not_buried_sql

SortColumn = Literal["deck", "due", "interval", "ease", "lapses"]
SORT_COLUMNS: tuple[SortColumn, ...] = ("deck", "due", "interval", "ease", "lapses")
"""The orders browse offers, `deck` (the deck files' own order) first."""

_DECK_ORDER = "c.file_rank, c.position, c.ord"
_SORT_KEYS: dict[SortColumn, str] = {
    "deck": "",
    "due": "c.due IS NULL, c.due {direction}, ",  # cards never seen have no due day: last
    "interval": "c.interval {direction}, ",
    "ease": "c.easiness_pct {direction}, ",
    "lapses": "c.lapses {direction}, ",
}
_STATES = {
    "new": "c.reviews = 0",
    "due": due_sql("c", ":today"),
    "suspended": "c.suspended = 1",
    "susp": "c.suspended = 1",
    "leech": "c.leech = 1",
    "buried": f"NOT {not_buried_sql('c')}",
}


@dataclass(frozen=True)
class Order:
    """A sort column and its direction; the deck order breaks ties."""

    column: SortColumn = "deck"
    descending: bool = False


@dataclass(frozen=True)
class Found:
    """The ids of the matching cards in order, and how many cards are in use in all."""

    card_ids: list[str]
    total: int


def search(db: sqlite3.Connection, query: str, today: date, order: Order = Order()) -> Found:
    """The cards matching `query` (see the module docstring), sorted by `order`."""
    where, params = conditions(db, query)
    params["today"] = today.isoformat()
    direction = "DESC" if order.descending else "ASC"
    sort = _SORT_KEYS[order.column].format(direction=direction)
    if order.column == "deck" and order.descending:
        sort = "c.file_rank DESC, c.position DESC, c.ord DESC, "
    (joined,) = db.execute(
        "SELECT group_concat(id, char(10)) FROM (SELECT c.id FROM card c "
        f"WHERE c.active = 1 {where} ORDER BY {sort}{_DECK_ORDER})",
        params,
    ).fetchone()
    (total,) = db.execute(  # through two narrow indexes, rather than the deck order's
        "SELECT (SELECT count(*) FROM card) - (SELECT count(*) FROM card WHERE active = 0)"
    ).fetchone()
    return Found(joined.split("\n") if joined else [], int(total))


def conditions(db: sqlite3.Connection, query: str) -> tuple[str, dict[str, str]]:
    """The query's terms as `AND ...` SQL over the card table `c`, with its parameters. A card
    in use belongs to a note in use (sync retires them together), so only the notes' search
    rows are read, in subqueries each run once, and a card is matched by its note's key. The
    plain words are matched together: the notes holding all of them (see `_notes_with`), or,
    for a word that may name a card without being in its note's words, word by word, each in
    the notes or the card's id."""
    parts: list[str] = []
    params: dict[str, str] = {}
    words: list[str] = []
    for number, term in enumerate(query.casefold().split()):
        name = f"t{number}"
        key, sep, value = term.partition(":")
        params[name] = value if sep and key in ("deck", "tag", "is") else term
        if sep and key == "deck":
            parts.append(_notes_where(f"instr(deck_key, :{name}) > 0"))
        elif sep and key == "tag":
            parts.append(_notes_where(f"instr(tags, char(10) || :{name}) > 0"))
        elif sep and key == "is":
            parts.append(_STATES.get(value, "0"))
            del params[name]
        else:
            words.append(name)
    if any(may_name_a_card_alone(params[name]) for name in words):
        for name in words:
            notes = _notes_with(db, [name], params)
            parts.append(f"(c.note_key IN ({notes}) OR instr(lower(c.id), :{name}) > 0)")
    elif words:
        parts.append(f"c.note_key IN ({_notes_with(db, words, params)})")
    return "".join(f" AND {part}" for part in parts), params


_PIECE = 3
"""The length of the pieces `note_words` indexes (FTS5's trigrams)."""
_PIECES_AT_MOST = 400
"""Pieces a two-character word is looked up by, at most; more, and its notes are read."""
_NOTHING = "SELECT NULL WHERE 0"


def _notes_with(db: sqlite3.Connection, names: list[str], params: dict[str, str]) -> str:
    """SQL of the keys of the notes whose words hold every word named, looked up together in
    `note_words`: a word of three characters or more as the phrase of its pieces in a row
    (which is the word itself, anywhere in the text); one of two as any of the pieces it starts
    (every two characters of the text start one, the index adding a newline after the words).
    The other words are read for in the notes found (or in all)."""
    asked: list[str] = []
    read: list[str] = []
    for name in names:
        word = params[name]
        if "\0" in word or len(word) < _PIECE - 1:  # NUL would end a phrase early
            read.append(f"instr(words, :{name}) > 0")
        elif len(word) >= _PIECE:
            asked.append(_phrase(word))
        else:
            pieces = _pieces_starting(db, word)
            if not pieces:
                return _NOTHING
            if len(pieces) > _PIECES_AT_MOST or any("\0" in piece for piece in pieces):
                read.append(f"instr(words, :{name}) > 0")
            else:
                asked.append(f"({' OR '.join(_phrase(piece) for piece in pieces)})")
    if not asked:
        return f"SELECT key FROM note_search WHERE {' AND '.join(read)}"
    params[f"{names[0]}_asked"] = " AND ".join(asked)
    found = f"SELECT rowid FROM note_words WHERE note_words MATCH :{names[0]}_asked"
    if not read:
        return found
    return f"SELECT key FROM note_search WHERE key IN ({found}) AND {' AND '.join(read)}"


def _pieces_starting(db: sqlite3.Connection, start: str) -> list[str]:
    """The index's pieces that begin with `start` (the list is in code point order)."""
    rows = db.execute(
        "SELECT term FROM note_words_terms WHERE term >= ? AND term <= ?",
        (start, start + chr(0x10FFFF)),
    ).fetchmany(_PIECES_AT_MOST + 1)
    return [str(term) for (term,) in rows]


def _phrase(text: str) -> str:
    """`text` as an FTS5 phrase: in double quotes, each of its own doubled."""
    return '"' + text.replace('"', '""') + '"'


def may_name_a_card_alone(word: str) -> bool:
    """Whether `word` may be in a card's id but not in its note's words. A card's id is its
    note's id (a lower-case slug, in the note's words already), `#` and its template (`fwd`,
    `rev`, `c1`, `c2`..., `cards.decks.models.Note.templates`): only a word with `#` in it or
    within a template's name can."""
    within_template = word in "fwd" or word in "rev" or _WITHIN_CLOZE.fullmatch(word) is not None
    return "#" in word or within_template


_WITHIN_CLOZE = re.compile(r"c?[0-9]*")


def _notes_where(condition: str) -> str:
    return f"c.note_key IN (SELECT key FROM note_search WHERE {condition})"

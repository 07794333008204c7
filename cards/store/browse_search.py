"""Browse's search and sort, in SQL: which cards match a query, in the order asked for.

Query syntax: plain words must all appear in the note's text or the card's id; `deck:WORD`
and `tag:WORD` narrow by deck (substring) and tag (prefix); `is:new`, `is:due`,
`is:suspended`, `is:leech`, `is:buried` by state (an unknown state matches nothing). Case is
ignored over all of Unicode: the query is folded by Python and compared with the folded
columns sync keeps in `note_search` (`cards.store.search_text`). Only card ids come
back; the rows are read a page at a time as they are shown (`cards.store.browse`).
"""

from __future__ import annotations

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
    where, params = conditions(query)
    params["today"] = today.isoformat()
    direction = "DESC" if order.descending else "ASC"
    sort = _SORT_KEYS[order.column].format(direction=direction)
    if order.column == "deck" and order.descending:
        sort = "c.file_rank DESC, c.position DESC, c.ord DESC, "
    rows = db.execute(
        f"SELECT c.id FROM card c WHERE c.active = 1 {where} ORDER BY {sort}{_DECK_ORDER}",
        params,
    ).fetchall()
    (total,) = db.execute("SELECT count(*) FROM card WHERE active = 1").fetchone()
    return Found([card_id for (card_id,) in rows], int(total))


def conditions(query: str) -> tuple[str, dict[str, str]]:
    """The query's terms as `AND ...` SQL over the card table `c`, with its parameters. A card
    in use belongs to a note in use (sync retires them together), so only the notes' search
    rows are read, one subquery a term, each run once."""
    parts: list[str] = []
    params: dict[str, str] = {}
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
            words = _notes_where(f"instr(words, :{name}) > 0")
            parts.append(f"({words} OR instr(lower(c.id), :{name}) > 0)")
    return "".join(f" AND {part}" for part in parts), params


def _notes_where(condition: str) -> str:
    return f"c.note_id IN (SELECT note_id FROM note_search WHERE {condition})"

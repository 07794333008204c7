"""The card list of the browse screen: one read-only query, then filtering in memory.

Filtering the loaded rows keeps SQL out of the search syntax; a change to one card reloads just
that card's row. Query syntax: plain words must all appear in the
card's text or id; `deck:WORD` and `tag:WORD` narrow by deck (substring) and tag (prefix);
`is:new`, `is:due`, `is:suspended`, `is:leech`, `is:buried` by state. Case is ignored.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from cards.decks.card import Card, from_stored
from cards.decks.vocabulary import LANGUAGES, LanguageChoice
from cards.schedule.card_states import is_buried, is_due
from cards.store.stored import stored_day

_ROWS = """
    SELECT c.id, substr(c.id, instr(c.id, '#') + 1), n.deck, n.body, c.due, c.interval,
           c.easiness_pct, c.reviews, c.lapses, c.suspended, c.leech, c.buried_until
    FROM card c JOIN note n ON n.id = c.note_id JOIN deck_file f ON f.path = n.file
    WHERE c.active = 1 AND n.active = 1 {only}
    ORDER BY f.rank, n.position, c.ord
"""


@dataclass(frozen=True)
class CardRow:
    """A card as the browse table lists it."""

    card: Card
    due: date | None
    interval: int
    easiness_pct: int
    reviews: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: date | None
    haystack: str

    @property
    def card_id(self) -> str:
        return self.card.id

    def question(self, language: LanguageChoice) -> str:
        """The front in one language (English for `both`), on one line, for a list."""
        return " ".join(self.card.shown("front", "en" if language == "both" else language).split())

    def flags(self, today: date) -> str:
        marks = []
        if self.suspended:
            marks.append("susp")
        if self.leech:
            marks.append("leech")
        if is_buried(self.buried_until, today):
            marks.append("buried")
        return " ".join(marks)


StoredRow = tuple[str, str, str, str, str | None, int, int, int, int, int, int, str | None]
"""A browse row as read: card id, template, deck, note JSON, then the card's schedule columns."""


def read_rows(connection: sqlite3.Connection, card_ids: list[str] | None = None) -> list[StoredRow]:
    """Every active card in deck-file order (or only those in `card_ids`), read-only: one query,
    so the rows are one snapshot; making `CardRow`s of them (`card_rows`) needs no connection."""
    if card_ids is None:
        return connection.execute(_ROWS.format(only="")).fetchall()
    marks = ", ".join("?" * len(card_ids))
    return connection.execute(_ROWS.format(only=f"AND c.id IN ({marks})"), card_ids).fetchall()


def card_rows(stored: list[StoredRow]) -> list[CardRow]:
    rows = []
    for row in stored:
        (
            card_id,
            template,
            deck,
            body,
            due,
            interval,
            ease,
            reviews,
            lapses,
            susp,
            leech,
            buried,
        ) = row
        card = from_stored(json.loads(body), template, deck, None)
        rows.append(
            CardRow(
                card=card,
                due=None if due is None else stored_day(due, "due"),
                interval=int(interval),
                easiness_pct=int(ease),
                reviews=int(reviews),
                lapses=int(lapses),
                suspended=bool(susp),
                leech=bool(leech),
                buried_until=None if buried is None else stored_day(buried, "buried_until"),
                haystack=_haystack(card_id, card),
            )
        )
    return rows


def _haystack(card_id: str, card: Card) -> str:
    parts = [card_id]
    for lang in LANGUAGES:
        parts += [card.front(lang) or "", card.back(lang) or "", card.extra(lang) or ""]
    return "\n".join(parts).casefold()


def matches(row: CardRow, query: str, today: date) -> bool:
    """Whether `row` passes every term of `query` (see the module docstring)."""
    for term in query.casefold().split():
        key, sep, value = term.partition(":")
        if sep and key == "deck":
            ok = value in row.card.deck.casefold()
        elif sep and key == "tag":
            ok = any(tag.casefold().startswith(value) for tag in row.card.tags)
        elif sep and key == "is":
            ok = _is(row, value, today)
        else:
            ok = term in row.haystack
        if not ok:
            return False
    return True


def _is(row: CardRow, state: str, today: date) -> bool:
    if state == "new":
        return row.reviews == 0
    if state == "due":
        return is_due(row.reviews, row.due, today)
    if state in ("suspended", "susp"):
        return row.suspended
    if state == "leech":
        return row.leech
    if state == "buried":
        return is_buried(row.buried_until, today)
    return False


def filter_rows(rows: list[CardRow], query: str, today: date) -> list[CardRow]:
    return [row for row in rows if matches(row, query, today)]

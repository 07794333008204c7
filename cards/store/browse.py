"""The rows of the browse screen, read a page at a time by card id.

The search (`cards.store.browse_search`) finds which cards match and in what order; this module
reads the cards a screen is about to show, so a list of any length costs only what is visible.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from cards.decks.card import Card, from_stored
from cards.decks.vocabulary import LanguageChoice
from cards.schedule.card_states import is_buried
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
    """Every active card in deck-file order, or those in `card_ids` in that list's order: one
    query, so the rows are one snapshot; making `CardRow`s of them (`card_rows`) needs no
    connection."""
    if card_ids is None:
        return connection.execute(_ROWS.format(only="")).fetchall()
    found = connection.execute(
        _ROWS.format(only="AND c.id IN (SELECT value FROM json_each(?))"), (json.dumps(card_ids),)
    ).fetchall()
    by_id = {row[0]: row for row in found}
    return [by_id[card_id] for card_id in card_ids if card_id in by_id]


def card_rows(stored: list[StoredRow]) -> list[CardRow]:
    rows = []
    for row in stored:
        (
            _card_id,
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
            )
        )
    return rows

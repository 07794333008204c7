"""Reading the collection: queues, cards, states, history and figures, from committed data only.

The store's second connection is query-only; in WAL it never sees a write in progress, so what a
screen shows can not be rolled back under it. Each read runs in one read transaction, so the
several queries of a report agree with each other.
"""

from __future__ import annotations

import json
import os
import sqlite3
from _thread import RLock  # threading's own RLock, without loading `threading`
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cards.decks.card import Card, from_stored
from cards.schedule.queue import Limits, QueueItem, answered_today, todays_queue
from cards.store.database import connect_reader
from cards.store.stored import stored_day

if TYPE_CHECKING:
    from cards.anki.note_origins import Origins
    from cards.compare.comparison import Calibration, Compared, TooLittle
    from cards.compare.memory import CardMemory, NotFitted
    from cards.schedule.answering import LogEntry
    from cards.schedule.card_schedules import CardSchedule
    from cards.store.browse import CardRow
    from cards.store.browse_search import Found, Order
    from cards.store.rows import CardState
    from cards.store.stats import Stats


class CollectionReader:
    """The reads of an open collection (see `cards.store.store.Store`, which adds the writes)."""

    def __init__(self, reader: sqlite3.Connection, limits: Limits | None = None) -> None:
        self._reader = reader
        self._read_lock = RLock()
        self.limits = limits or Limits()
        self.sitting = os.urandom(16).hex()  # random, as uuid4 (which loads `platform`)

    def queue(self, today: date, deck: str | None = None) -> list[QueueItem]:
        with self._reading() as db:
            return todays_queue(db, today, self.limits, deck)

    def queues(self, today: date, decks: list[str | None]) -> dict[str | None, list[QueueItem]]:
        """Today's queue of each deck (None: all decks), all read from one snapshot."""
        with self._reading() as db:
            return {deck: todays_queue(db, today, self.limits, deck) for deck in decks}

    def answered_today(self, today: date) -> tuple[int, int]:
        """Scheduled answers today: (reviews of seen cards, new cards introduced)."""
        with self._reading() as db:
            return answered_today(db, today)

    # Figures and browse rows load their modules when first asked for: `due` and `answer` never.

    def card_totals(self) -> dict[str, int]:
        """Cards in use per deck name."""
        from cards.store.stats import card_totals

        with self._reading() as db:
            return card_totals(db)

    def forecast(self, today: date) -> list[int]:
        """Cards falling due on each of the coming days, today first."""
        from cards.store.stats import forecast

        with self._reading() as db:
            return forecast(db, today)

    def stats(self, today: date) -> Stats:
        from cards.store.stats import collect_stats

        with self._reading() as db:
            return collect_stats(db, today, self.limits)

    def compare(self, today: date, deck: str | None = None, workload: bool = True) -> Compared:
        """SM-2 against FSRS on the review history (see `cards.compare`); writes nothing."""
        from cards.compare.comparison import compare

        with self._reading() as db:
            return compare(db, today, deck, workload)

    def calibration(self) -> Calibration | TooLittle:
        """Each model's forecasts against recall (see `cards.compare.comparison`), read on a
        query-only connection of its own, so the screen's other figures, read at the same time,
        do not wait for it nor it for them."""
        from cards.compare.comparison import calibration

        with self._read_lock:
            path = self._reader.execute("PRAGMA database_list").fetchone()[2]
        own = connect_reader(Path(path))
        try:
            own.execute("BEGIN")
            return calibration(own)
        finally:
            own.close()

    def card_memory(self, card_id: str, today: date) -> CardMemory | NotFitted | None:
        """The card's FSRS stability, difficulty and recall today (see `cards.compare.memory`)."""
        from cards.compare.memory import card_memory

        with self._reading() as db:
            return card_memory(db, card_id, today)

    def browse_rows(self, card_ids: list[str] | None = None) -> list[CardRow]:
        """Every active card as browse lists it, or just the cards named (in that order)."""
        from cards.store.browse import card_rows, read_rows

        with self._reading() as db:
            stored = read_rows(db, card_ids)
        return card_rows(stored)

    def browse_search(self, query: str, today: date, order: Order | None = None) -> Found:
        """The ids of the cards matching a browse search, in `order` (see
        `cards.store.browse_search`), and the count of every card in use, from one snapshot."""
        from cards.store.browse_search import Order, search

        with self._reading() as db:
            return search(db, query, today, order or Order())

    def schedules(self) -> dict[str, CardSchedule]:
        """Every card answered, imported with a schedule or suspended, with its answers, by card
        id: what an export carries to Anki (read in one snapshot)."""
        from cards.schedule.card_schedules import read_schedules

        with self._reading() as db:
            return read_schedules(db)

    def anki_origins(self) -> Origins:
        """The Anki note types notes imported from Anki came with, for their way back."""
        from cards.anki.note_origins import read_origins

        with self._reading() as db:
            return read_origins(db)

    def card(self, card_id: str) -> Card | None:
        """The card's content as last synced, or None for an unknown id."""
        return self.cards([card_id]).get(card_id)

    def cards(self, card_ids: list[str]) -> dict[str, Card]:
        """The content of each known card of `card_ids` as last synced, read in one go."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT c.id, n.body, n.deck, substr(c.id, instr(c.id, '#') + 1), f.source "
                "FROM card c JOIN note n ON n.id = c.note_id "
                "LEFT JOIN deck_file f ON f.path = n.file "
                "WHERE c.id IN (SELECT value FROM json_each(?))",
                (json.dumps(card_ids),),
            ).fetchall()
        return {
            card_id: from_stored(
                json.loads(body), template, deck, json.loads(source) if source else None
            )
            for card_id, body, deck, template, source in rows
        }

    def notes_in_use(self) -> tuple[frozenset[str], tuple[tuple[str, Path], ...]]:
        """The active note ids, and each deck file in use with its deck, in rank order (as
        synced): what a new note must fit beside, without reading every deck file."""
        with self._reading() as db:
            ids = frozenset(row[0] for row in db.execute("SELECT id FROM note WHERE active = 1"))
            files = tuple(
                (str(deck), Path(path))
                for deck, path in db.execute(
                    "SELECT deck, path FROM deck_file WHERE deck IS NOT NULL ORDER BY rank"
                )
            )
        return ids, files

    def note_file(self, note_id: str) -> Path | None:
        with self._reading() as db:
            row = db.execute("SELECT file FROM note WHERE id = ?", (note_id,)).fetchone()
        return Path(row[0]) if row else None

    # Card states and the log load `cards.store.rows` (with SM-2) when first read: `due` never.

    def state(self, card_id: str) -> CardState | None:
        from cards.store.rows import CARD_STATE_SELECT, card_state

        with self._reading() as db:
            row = db.execute(f"{CARD_STATE_SELECT} WHERE id = ?", (card_id,)).fetchone()
        return None if row is None else card_state(row)

    def history(self, card_id: str) -> list[LogEntry]:
        from cards.store.rows import LOG_SELECT, log_entry

        with self._reading() as db:
            rows = db.execute(f"{LOG_SELECT} WHERE card_id = ? ORDER BY id", (card_id,))
            return [log_entry(row) for row in rows]

    def log_entries(self, ids: list[int]) -> list[LogEntry]:
        """The answers logged under `ids` that are still in the log (undo removes its row)."""
        from cards.store.rows import LOG_SELECT, log_entry

        marks = ", ".join("?" * len(ids))
        with self._reading() as db:
            rows = db.execute(f"{LOG_SELECT} WHERE id IN ({marks}) ORDER BY id", ids)
            return [log_entry(row) for row in rows]

    def last_day(self) -> date | None:
        """The latest study day with an answer: a later clock going back is worth a warning."""
        with self._reading() as db:
            row = db.execute("SELECT max(day) FROM review_log").fetchone()
        return stored_day(row[0]) if row[0] else None

    def preference(self, key: str) -> str | None:
        """A choice remembered across launches (the language, the theme), or None."""
        with self._reading() as db:
            row = db.execute("SELECT value FROM preference WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The reader, inside one read transaction so that several queries agree."""
        with self._read_lock:
            self._reader.execute("BEGIN")
            try:
                yield self._reader
            finally:
                self._reader.execute("COMMIT")

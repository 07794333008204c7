"""Today's queue: due reviews (most overdue first, then shuffled by the day so decks interleave),
new cards in deck-file order, the drill.

A day's queue holds at most one card of a note, so siblings (a reverse note's two directions, a
cloze's deletions) never give each other away: once a card of a note is answered, suspended or
buried, its siblings wait for the next study day. The drill is SM-2's last rule: a card whose
latest grade today is below 4 comes back until it scores at least 4. Limits count today's
answers, so a queue resumes where it left off.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Literal, NamedTuple

from cards.decks.vocabulary import deck_key, in_deck_sql
from cards.schedule.card_states import DRILL_PASS_GRADE, due_sql, not_buried_sql
from cards.schedule.day_order import day_order
from cards.schedule.deck_limits import FILE_NOT_FULL, NOT_IN_FULL_DECKS, DeckLimit, DeckRooms

QueueKind = Literal["review", "new", "drill"]


DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
DEFAULT_LEECH_THRESHOLD = 8


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Limits(NamedTuple):
    """Daily limits from the settings (whose defaults are these)."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    decks: tuple[DeckLimit, ...] = ()
    ahead_days: int = 0
    """Review ahead: cards due within this many days after today are offered too."""
    extra_new: int = 0
    """New cards beyond `new_per_day` today (they widen the day's review room as much)."""


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class QueueItem(NamedTuple):
    """One card waiting today, and why it is waiting."""

    card_id: str
    note_id: str
    deck: str
    kind: QueueKind


def _in_deck(key: str) -> str:
    """SQL: the deck key in `key` is the chosen deck's (`:deck`, a key) or one of its subdecks',
    or no deck was chosen."""
    return f"(:deck IS NULL OR {in_deck_sql(key, ':deck')})"


_FILE_IN_DECK = _in_deck("deck_key")  # on deck_file

_AVAILABLE = f"""
    c.active = 1 AND n.active = 1 AND c.suspended = 0 AND {not_buried_sql("c")}
    AND {_in_deck("n.deck_key")}
"""

# Another card of c's note was answered, suspended or buried today: c waits for tomorrow.
_SIBLING_TOUCHED = """EXISTS (SELECT 1 FROM card t JOIN action a ON a.card_id = t.id
    WHERE t.note_id = c.note_id AND t.id != c.id AND a.day = :today AND a.kind != 'unsuspend')"""


def _sibling_waiting(condition: str) -> str:
    """SQL: another available card of c's note, matching `condition` (on `s`), is waiting."""
    return f"""EXISTS (SELECT 1 FROM card s WHERE s.note_id = c.note_id AND s.id != c.id
        AND s.active = 1 AND s.suspended = 0 AND {not_buried_sql("s")} AND {condition})"""


_S_DUE = due_sql("s", ":horizon")  # :horizon is :today unless reviewing ahead


# One card of a note: of due siblings, the most overdue (then the lowest id) goes first. The
# most overdue cards come first; of those due on one day, the walk follows each card's stored
# shuffle (`cards.schedule.day_order`), which the card_due index holds after the due day, so a
# backlog is read only as far as the limit and a crowded day is drawn fairly across decks.
def due_cards(narrow: str = "") -> str:
    """SQL: today's due reviews in order; `narrow` (SQL, "AND ...") asks about fewer cards."""
    return f"""
    SELECT c.id, c.note_id, n.deck FROM card c JOIN note n ON n.id = c.note_id
    WHERE {due_sql("c", ":horizon")} AND {_AVAILABLE} AND {NOT_IN_FULL_DECKS}
      AND c.id NOT IN (SELECT card_id FROM review_log WHERE day = :today)
      AND NOT {_SIBLING_TOUCHED}
      AND NOT {_sibling_waiting(f"{_S_DUE} AND (s.due < c.due OR (s.due = c.due AND s.id < c.id))")}
      {narrow}
    ORDER BY c.due, c.shuffle, c.id LIMIT :limit
"""


DUE = due_cards()


# Ordered by the copies of the file rank and note position on the card row (kept by
# `cards.store.deck_sync`), so the walk follows the card_new_order index and stops after `limit`
# cards; for one deck it starts at that deck's files instead of walking past the new cards of every
# file before them. A note with a due card, or one touched today, offers no new card. Decks whose
# own limits are reached leave the walk the same way, by their files' ranks.
def new_cards(added: bool, narrow: str = "") -> str:
    """SQL: new cards of notes added from Flywheel (they go first), or of the rest, each in
    deck-file order; `narrow` (SQL, "AND ...") asks about fewer cards."""
    # Added notes are few: their walk starts from the note_added index, the rest's from
    # card_new_order (the `+` keeps the planner from walking every new card for the few).
    which = (
        "c.note_id IN (SELECT id FROM note WHERE added_on <= :today)"
        if added
        else "(n.added_on IS NULL OR n.added_on > :today)"
    )
    order = "+c.file_rank" if added else "c.file_rank"
    return f"""
    SELECT c.id, c.note_id, n.deck FROM card c
    JOIN note n ON n.id = c.note_id JOIN deck_file f ON f.path = n.file
    WHERE c.reviews = 0 AND {_AVAILABLE} AND {which}
      AND (:full IS NULL OR c.file_rank IN (SELECT rank FROM deck_file WHERE {FILE_NOT_FULL}))
      AND (:deck IS NULL OR c.file_rank IN (SELECT rank FROM deck_file WHERE {_FILE_IN_DECK}))
      AND c.ord = (SELECT min(s.ord) FROM card s WHERE s.note_id = c.note_id AND s.reviews = 0
                   AND s.active = 1 AND s.suspended = 0)
      AND NOT {_SIBLING_TOUCHED}
      AND NOT {_sibling_waiting(_S_DUE)}
      {narrow}
    ORDER BY {order}, c.position, c.ord LIMIT :limit
"""


NEW = new_cards(added=False)
NEW_ADDED = new_cards(added=True)


def drill_cards(narrow: str = "") -> str:
    """SQL: the cards whose latest grade today is below the drill's pass, in order of that
    answer; `narrow` (SQL on the log, "AND ...") reads fewer of the day's answers."""
    return f"""
    SELECT c.id, c.note_id, n.deck
    FROM (SELECT max(id) AS id FROM review_log WHERE day = :today {narrow} GROUP BY card_id) latest
    JOIN review_log l ON l.id = latest.id
    JOIN card c ON c.id = l.card_id JOIN note n ON n.id = c.note_id
    WHERE l.grade < {DRILL_PASS_GRADE} AND {_AVAILABLE}
    ORDER BY l.id
"""


_DRILL = drill_cards()


def answered_today(connection: sqlite3.Connection, today: date) -> tuple[int, int]:
    """Scheduled answers today: (reviews of seen cards, new cards introduced)."""
    row = connection.execute(
        "SELECT coalesce(sum(was_new = 0), 0), coalesce(sum(was_new = 1), 0) FROM review_log "
        "WHERE day = ? AND drill = 0",
        (today.isoformat(),),
    ).fetchone()
    return int(row[0]), int(row[1])


def todays_queue(
    connection: sqlite3.Connection, today: date, limits: Limits, deck: str | None = None
) -> list[QueueItem]:
    """The cards to show today for `deck` and its subdecks (or all decks), in order. Read-only.

    The daily limits count every answer given today, whatever the deck, so choosing a deck picks
    which cards fill the day's room but never widens it.
    """
    return list(queue_items(connection, today, limits, deck))


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Room(NamedTuple):
    """What today's answers so far leave of the day's limits, for one deck's queue."""

    params: dict[str, object]
    cards: int
    """Scheduled answers still allowed (reviews and new cards)."""
    new: int
    """New cards still allowed, before the due reviews take their share of `cards`."""
    decks: DeckRooms | None

    def new_after(self, due: int) -> int:
        """New cards the queue offers after `due` reviews."""
        return max(0, min(self.new, self.cards - due))


def room_left(
    connection: sqlite3.Connection, today: date, limits: Limits, deck: str | None
) -> Room:
    """Today's room for `deck`'s queue: the limits count every answer of the day, any deck's."""
    reviews_done, new_done = answered_today(connection, today)
    horizon = date.fromordinal(today.toordinal() + max(0, limits.ahead_days))
    params: dict[str, object] = {
        "today": today.isoformat(),
        "deck": deck_key(deck) if deck else None,
        "horizon": horizon.isoformat(),
        "full": None,  # the decks whose own limits are reached (see `cards.schedule.deck_limits`)
    }
    return Room(
        params,
        max(0, limits.reviews_per_day + limits.extra_new - reviews_done - new_done),
        limits.new_per_day + limits.extra_new - new_done,
        DeckRooms(connection, today, limits.decks) if limits.decks else None,
    )


def queue_items(
    connection: sqlite3.Connection, today: date, limits: Limits, deck: str | None = None
) -> Iterator[QueueItem]:
    """`todays_queue`, one section at a time: a caller looking for one card can stop early."""
    room = room_left(connection, today, limits, deck)
    due = section(connection, room, DUE, room.cards, "review")
    yield from in_day_order(connection, due, today)
    new_room = room.new_after(len(due))
    if new_room:
        added = section(connection, room, NEW_ADDED, new_room, "new")
        yield from added
        if new_room > len(added):
            yield from section(connection, room, NEW, new_room - len(added), "new")
    yield from _items(connection, _DRILL, room.params, "drill")


def in_day_order(
    connection: sqlite3.Connection, reviews: list[QueueItem], today: date
) -> list[QueueItem]:
    """The due reviews taken, most overdue first, each due day's cards in the study day's own
    order (`cards.schedule.day_order`): the same after a restart, another the next day. Which
    cards are taken is the walk's business; only their order changes here."""
    ids = json.dumps([item.card_id for item in reviews])
    dues = dict(
        connection.execute(
            "SELECT id, due FROM card WHERE id IN (SELECT value FROM json_each(?))", (ids,)
        ).fetchall()
    )
    day = today.isoformat()
    return sorted(reviews, key=lambda item: (dues[item.card_id], day_order(item.card_id, day)))


def section(
    connection: sqlite3.Connection,
    room: Room,
    sql: str,
    limit: int,
    kind: QueueKind,
    until: str | None = None,
) -> list[QueueItem]:
    """Up to `limit` items of one section of the queue (counted against the decks' rooms); with
    `until`, the walk ends at that card, the last one read."""
    params = {**room.params, "limit": max(0, limit)}
    return _items(connection, sql, params, kind, room.decks, until)


def _items(
    connection: sqlite3.Connection,
    sql: str,
    params: Mapping[str, object],
    kind: QueueKind,
    rooms: DeckRooms | None = None,
    until: str | None = None,
) -> list[QueueItem]:
    """The rows of `sql` as queue items; with per-deck limits, the decks whose limits are reached
    are left out of the walk, which goes on until `params["limit"]` cards are taken."""
    if rooms is not None:

        def walk(full: str) -> Iterator[QueueItem]:
            cursor = connection.execute(sql, {**params, "limit": -1, "full": full})
            return _rows(cursor, kind, until)

        limit = params["limit"]
        return rooms.take(walk, kind == "new", limit if isinstance(limit, int) else 0)
    return list(_rows(connection.execute(sql, params), kind, until))


def _rows(cursor: sqlite3.Cursor, kind: QueueKind, until: str | None) -> Iterator[QueueItem]:
    """A cursor's rows as queue items, stopping after the card `until` (the rest is not read)."""
    try:
        for card_id, note_id, deck in cursor:
            yield QueueItem(card_id, note_id, deck, kind)
            if card_id == until:
                return
    finally:
        cursor.close()

"""One card's place in today's queue, found without building the queue.

An answer is accepted only for a card that today's queue of its deck lists; asking the whole
queue costs what the collection's size does. Here each section's own query (`cards.schedule.queue`)
is narrowed to the card, and the sections before it are walked only as far as the card, so the rules
stay in one place and an answer reads the few cards ahead of it.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from cards.schedule.queue import (
    DUE,
    NEW,
    NEW_ADDED,
    Limits,
    QueueKind,
    Room,
    drill_cards,
    due_cards,
    new_cards,
    room_left,
    section,
)

_CARD = """SELECT n.deck, c.reviews > 0, c.reviews = 0
    FROM card c JOIN note n ON n.id = c.note_id WHERE c.id = :card"""
_ONE = "AND c.id = :card"
_DUE_ONE, _NEW_ONE, _NEW_ADDED_ONE = due_cards(_ONE), new_cards(False, _ONE), new_cards(True, _ONE)
_DRILL_ONE = drill_cards("AND card_id = :card")


def card_kind(
    connection: sqlite3.Connection, today: date, limits: Limits, card_id: str
) -> QueueKind | None:
    """Why a card waits in today's queue of its own deck, if it does (that queue holds every card
    any review, of the whole collection or of a deck above it, can offer): what `queue_items`
    would say, by the same queries narrowed to the card, so only the cards ahead of it are read."""
    row = connection.execute(_CARD, {"card": card_id}).fetchone()
    if row is None:
        return None
    deck, seen, unseen = row
    room = room_left(connection, today, limits, deck)
    if seen and _is_due(connection, room, card_id):
        return "review"
    if unseen and _is_new(connection, room, card_id):
        return "new"
    return "drill" if _candidate(connection, room, _DRILL_ONE, card_id) else None


def _candidate(connection: sqlite3.Connection, room: Room, sql: str, card_id: str) -> bool:
    """The card meets the conditions of a section narrowed to it, whatever the limits."""
    params = {**room.params, "card": card_id, "limit": 1}
    return connection.execute(sql, params).fetchone() is not None


def _is_due(connection: sqlite3.Connection, room: Room, card_id: str) -> bool:
    """The card is a due review and the day's room reaches it."""
    if not _candidate(connection, room, _DUE_ONE, card_id):
        return False
    ahead = section(connection, room, DUE, room.cards, "review", until=card_id)
    return any(item.card_id == card_id for item in ahead)


def _is_new(connection: sqlite3.Connection, room: Room, card_id: str) -> bool:
    """The card is its note's new card today and the new cards' room reaches it, after the
    due reviews and (unless it is one) the cards added from Flywheel."""
    added = _candidate(connection, room, _NEW_ADDED_ONE, card_id)
    if not added and not _candidate(connection, room, _NEW_ONE, card_id):
        return False
    new_room = room.new_after(len(section(connection, room, DUE, room.cards, "review")))
    first = section(connection, room, NEW_ADDED, new_room, "new")
    if added:
        return any(item.card_id == card_id for item in first)
    rest = section(connection, room, NEW, new_room - len(first), "new", until=card_id)
    return any(item.card_id == card_id for item in rest)

"""Per-deck daily limits (`[decks."Amazon::IoT"]` in the config), applied within the global ones.

A deck's limit covers the deck and its subdecks and counts the day's answers given to them, as the
global limits count every answer: `new_per_day` caps new cards introduced, `reviews_per_day` caps
every scheduled answer (reviews and new cards), as the global `reviews_per_day` does.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple, Protocol, TypeVar

from cards.decks.vocabulary import deck_key, in_deck, in_deck_sql


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class DeckLimit(NamedTuple):
    """One deck's own limits; None leaves that limit to the global one."""

    deck: str
    new_per_day: int | None = None
    reviews_per_day: int | None = None


class _Item(Protocol):
    @property
    def card_id(self) -> str: ...

    @property
    def deck(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_Item)


class DeckRooms:
    """How many more cards each limited deck may show today, counted down as cards are taken."""

    def __init__(
        self, connection: sqlite3.Connection, today: date, limits: Iterable[DeckLimit]
    ) -> None:
        self.limits = tuple(limits)
        done: Counter[tuple[str, bool]] = Counter()
        rows = connection.execute(
            "SELECT n.deck, l.was_new, count(*) FROM review_log l "
            "JOIN card c ON c.id = l.card_id JOIN note n ON n.id = c.note_id "
            "WHERE l.day = ? AND l.drill = 0 GROUP BY n.deck, l.was_new",
            (today.isoformat(),),
        )
        for deck, was_new, count in rows:
            done[(deck, bool(was_new))] += count
        self.new_room: dict[str, int] = {}
        self.all_room: dict[str, int] = {}
        for limit in self.limits:
            new = sum(
                n for (deck, was_new), n in done.items() if was_new and in_deck(deck, limit.deck)
            )
            every = sum(n for (deck, _), n in done.items() if in_deck(deck, limit.deck))
            if limit.new_per_day is not None:
                self.new_room[limit.deck] = max(0, limit.new_per_day - new)
            if limit.reviews_per_day is not None:
                self.all_room[limit.deck] = max(0, limit.reviews_per_day - every)

    def take(self, walk: Callable[[str], Iterable[ItemT]], new: bool, room: int) -> list[ItemT]:
        """The first `room` items of the walk whose decks have room, counted against them.

        `walk(full)` lists the candidates in order, leaving out the decks named in `full` (a
        JSON list). When a deck fills up the walk starts again without it, so the cards of a
        full deck are never read one by one: at most one restart a limited deck.
        """
        taken: list[ItemT] = []
        seen: set[str] = set()
        spaces = [self.all_room, self.new_room] if new else [self.all_room]
        while len(taken) < room:
            full = sorted(
                {deck_key(deck) for space in spaces for deck, left in space.items() if left <= 0}
            )
            filled = False
            for item in walk(json.dumps(full)):
                if item.card_id in seen:
                    continue
                seen.add(item.card_id)
                owners = [limit.deck for limit in self.limits if in_deck(item.deck, limit.deck)]
                for owner in owners:
                    for space in spaces:
                        if owner in space:
                            space[owner] -= 1
                            filled = filled or space[owner] <= 0
                taken.append(item)
                if len(taken) >= room or filled:
                    break
            if not filled:
                break
        return taken


NOT_IN_FULL_DECKS = f"""(:full IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(:full) j
    WHERE {in_deck_sql("n.deck_key", "j.value")}))"""
"""SQL: the card's deck (`n.deck_key`) is not one of the full decks (`:full`, a JSON list of
deck keys), nor under one; a NULL `:full` (no deck limits) costs nothing."""

FILE_NOT_FULL = f"""(deck_key IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(:full) j
    WHERE {in_deck_sql("deck_key", "j.value")}))"""
"""SQL on `deck_file`: the file's deck is not full (so its ranks can lead the new-card walk)."""


def unknown_decks(limits: Iterable[DeckLimit], names: Iterable[str]) -> list[str]:
    """Limited decks that name no deck in use (nor a parent of one): worth a warning."""
    names = list(names)
    return [limit.deck for limit in limits if not any(in_deck(name, limit.deck) for name in names)]

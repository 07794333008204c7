"""The deck hierarchy (`::`) with today's counts, for the home screen.

A deck's new/due/drill are the cards a review of that deck would show (`Store.queue` for it), so
the counts never promise more than a review delivers. The daily limits apply to each count, as in
Anki: three decks can each show 20 new cards while the day's total stays 20.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from cards.decks.vocabulary import DECK_SEPARATOR, in_deck
from cards.schedule.queue import QueueItem
from cards.store.store import Store


@dataclass
class DeckNode:
    """One deck (or the root, with `path` None) and today's counts for it and its subdecks."""

    name: str
    path: str | None
    new: int = 0
    due: int = 0
    drill: int = 0
    cards: int = 0
    children: list[DeckNode] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return self.new + self.due + self.drill

    def walk(self) -> list[DeckNode]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def deck_tree(store: Store, today: date) -> DeckNode:
    """Build the tree of decks in use, with counts from the store (one snapshot for all)."""
    totals = store.card_totals()
    root = DeckNode("All decks", None)
    index: dict[str, DeckNode] = {}
    for deck in sorted(totals, key=str.casefold):
        parent = root
        parts = deck.split(DECK_SEPARATOR)
        for depth in range(len(parts)):
            path = DECK_SEPARATOR.join(parts[: depth + 1])
            node = index.get(path)
            if node is None:
                node = DeckNode(parts[depth], path)
                index[path] = node
                parent.children.append(node)
            parent = node
    nodes = root.walk()
    queues = store.queues(today, [node.path for node in nodes])
    for node in nodes:
        _count(node, queues[node.path], totals)
    return root


def _count(node: DeckNode, queue: list[QueueItem], totals: dict[str, int]) -> None:
    path = node.path
    kinds = Counter(item.kind for item in queue)
    node.new, node.due, node.drill = kinds["new"], kinds["review"], kinds["drill"]
    node.cards = sum(n for deck, n in totals.items() if path is None or in_deck(deck, path))

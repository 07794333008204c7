"""The deck hierarchy (`::`) with today's counts, for the home screen.

A deck's new/due/drill are the cards a review of that deck would show (see
`tui.session.reviewable_queue`): the whole-collection queue split by deck, so the counts never
promise more than a review delivers and a parent's counts (and card total) sum its children's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from cards.queue import QueueItem
from cards.stats import deck_counts
from cards.store import Store
from tui.session import in_deck, reviewable_queue

SEPARATOR = "::"


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
    """Build the tree of decks in use, with counts from the store."""
    totals = {
        entry.deck: entry.cards for entry in deck_counts(store.connection, today, store.limits)
    }
    queue = reviewable_queue(store, today)
    root = DeckNode("All decks", None)
    _count(root, queue, totals)
    index: dict[str, DeckNode] = {}
    for deck in sorted(totals, key=str.casefold):
        parent = root
        parts = deck.split(SEPARATOR)
        for depth in range(len(parts)):
            path = SEPARATOR.join(parts[: depth + 1])
            node = index.get(path)
            if node is None:
                node = DeckNode(parts[depth], path)
                _count(node, queue, totals)
                index[path] = node
                parent.children.append(node)
            parent = node
    return root


def _count(node: DeckNode, queue: list[QueueItem], totals: dict[str, int]) -> None:
    path = node.path
    kinds = Counter(item.kind for item in queue if path is None or in_deck(item.deck, path))
    node.new, node.due, node.drill = kinds["new"], kinds["review"], kinds["drill"]
    node.cards = sum(n for deck, n in totals.items() if path is None or in_deck(deck, path))

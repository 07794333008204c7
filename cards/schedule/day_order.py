"""The order of the cards due on one day: shuffled, so decks are interleaved rather than taken
in blocks of card ids, and shuffled again each study day.

Two hashes of the card id do it, so no seed is kept and the same day gives the same order after
a restart. `card_shuffle` is stored with each card and indexed after the due day: the queue walks
that index, so which cards of a crowded due day fit under the limits is a fair draw across decks,
read no further than the limit. `day_order` then orders the cards taken within each due day
afresh for the study day.
"""

from __future__ import annotations

try:  # hashlib's own blake2b, without hashlib loading OpenSSL's hashes (2 ms at every start)
    from _blake2 import blake2b
except ImportError:  # an interpreter without the built-in module
    from hashlib import blake2b


def _hash(text: str) -> int:
    """A whole number from 0 to 2**56 (within SQLite's integers)."""
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2b(data, digest_size=7).digest(), "big")


def card_shuffle(card_id: str) -> int:
    """The card's place among cards due on the same day, as stored with the card."""
    return _hash(card_id)


def day_order(card_id: str, day: str) -> int:
    """The card's place among cards due on the same day, on the study day `day` (ISO text)."""
    return _hash(f"{day}\0{card_id}")

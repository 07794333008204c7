"""The order of the cards due on one day: a shuffle seeded by the study day.

Taken in card-id order, a day's reviews would come deck by deck in the same blocks every day.
Each card's place is instead a hash of the study day and its id: the decks are interleaved, the
order changes from one day to the next, and it stays the same when the collection is opened
again on the same day (a seed kept nowhere, since the day and the id are all it needs). SQL
reaches it as `flywheel_day_order(card_id, day)`, registered on every connection.
"""

from __future__ import annotations

from hashlib import blake2b

SQL_NAME = "flywheel_day_order"


def day_order(card_id: str, day: str) -> int:
    """The card's place among the cards due on the same day, on the study day `day` (ISO text):
    a whole number from 0 to 2**56, the same for the same day and card wherever it is asked."""
    text = f"{day}\0{card_id}".encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2b(text, digest_size=7).digest(), "big")

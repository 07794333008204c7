"""When a card counts as buried, and when as due: one rule, written in Python for browse's
filters and the export, and in SQL for the queue, side by side so they cannot drift apart; and
the grade that ends a drill, which the queue's SQL needs too.

Days compare the same either way: the store keeps them as ISO 8601 text, whose order is the
calendar's.
"""

from __future__ import annotations

from datetime import date

DRILL_PASS_GRADE = 4
"""A card answered below this grade is drilled again today (`cards.schedule.sm2.needs_drill`);
the queue's SQL needs it without loading the SM-2 module."""


def is_buried(buried_until: date | None, today: date) -> bool:
    """Hidden today: buried until a later day."""
    return buried_until is not None and buried_until > today


def is_due(reviews: int, due: date | None, day: date) -> bool:
    """A card already seen whose due day has come by `day` (today, or a review ahead's last)."""
    return reviews > 0 and due is not None and due <= day


def not_buried_sql(card: str, today: str = ":today") -> str:
    """SQL: `not is_buried` for the card table row named `card`."""
    return f"({card}.buried_until IS NULL OR {card}.buried_until <= {today})"


def due_sql(card: str, day: str) -> str:
    """SQL: `is_due` for the card table row named `card`, with `day` a parameter."""
    return f"({card}.reviews > 0 AND {card}.due <= {day})"

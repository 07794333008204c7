"""How far one review may go beyond the day's limits: the same bounds for `--ahead` and `--new`
on the command line and for the home screen's `>` and `+`.

The bounds hold for the widening in total (a review started with `--ahead` and widened again in
the app included), and they keep every figure the queue computes within SQLite's integers.
"""

from __future__ import annotations

from cards.errors import FlywheelError
from cards.schedule.queue import Limits

MAX_AHEAD_DAYS = 3650
"""Review ahead by ten years at most: beyond that no interval reaches."""
MAX_EXTRA_NEW = 100_000
"""Extra new cards in one day, at most: more than a large collection holds."""


def room_to_stretch(limits: Limits) -> tuple[int, int]:
    """(days, new cards) by which `limits` may still be widened."""
    return MAX_AHEAD_DAYS - limits.ahead_days, MAX_EXTRA_NEW - limits.extra_new


def stretched(limits: Limits, ahead_days: int = 0, extra_new: int = 0) -> Limits:
    """`limits` widened by `ahead_days` more days and `extra_new` more new cards.

    Raises:
        FlywheelError: A widening below 0 or beyond what is left (`room_to_stretch`), named as
            the command line's options name it.
    """
    days, cards = room_to_stretch(limits)
    if not 0 <= ahead_days <= days:
        raise FlywheelError(f"--ahead must be from 0 to {days} days, got {ahead_days}")
    if not 0 <= extra_new <= cards:
        raise FlywheelError(f"--new must be from 0 to {cards} cards, got {extra_new}")
    return limits._replace(
        ahead_days=limits.ahead_days + ahead_days,
        extra_new=limits.extra_new + extra_new,
    )

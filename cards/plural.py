"""Counts in messages: "1 card", "2 cards"."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """`number` and `noun`, the noun in the plural unless the number is one (regular nouns only)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"

"""The words the models and everything after them share: languages, note kinds and deck names.

Kept apart from `cards.decks.models` so that reading the collection (review, `due`, `answer`) never
imports Pydantic: only deck files being read again need the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from cards.errors import FlywheelError

Language = Literal["en", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "ko")
LanguageChoice = Literal["en", "ko", "both"]
"""What to show or export: one language or both."""
LANGUAGE_CHOICES: tuple[LanguageChoice, ...] = ("both", "en", "ko")


class NoteKind(StrEnum):
    """How a note becomes cards, as in Anki's basic, reversed and cloze note types."""

    BASIC = "basic"
    REVERSE = "reverse"
    CLOZE = "cloze"


DECK_SEPARATOR = "::"


def deck_key(name: str) -> str:
    """A deck name as names are compared: case-folded over all of Unicode (`Ärger` as `ärger`,
    `Straße` as `STRASSE`). The collection keeps each deck's key beside its name, since SQLite's
    own `lower()` folds ASCII letters only."""
    return name.casefold()


def in_deck(deck_name: str, wanted: str) -> bool:
    """True for `wanted` itself and its subdecks, ignoring case."""
    name, wanted = deck_key(deck_name), deck_key(wanted)
    return name == wanted or name.startswith(wanted + DECK_SEPARATOR)


def in_deck_sql(key: str, wanted_key: str) -> str:
    """SQL of `in_deck`: the deck key in `key` (a column) is `wanted_key` (an SQL expression
    holding a `deck_key`) or one of its subdecks'."""
    return (
        f"({key} = {wanted_key} OR substr({key}, 1, length({wanted_key}) + "
        f"{len(DECK_SEPARATOR)}) = {wanted_key} || '{DECK_SEPARATOR}')"
    )


def require_deck(wanted: str, names: Iterable[str]) -> None:
    """Refuse a `--deck` that names none of the decks in use (nor a parent of one)."""
    names = sorted(set(names))
    if not any(in_deck(name, wanted) for name in names):
        known = ", ".join(names) or "none"
        raise FlywheelError(f"--deck {wanted!r} matches no deck (decks: {known})")


def deck_as_named(wanted: str, names: Iterable[str]) -> str:
    """`wanted` as the decks in use spell it (`test::basics` as `Test::Basics`), for titles; as
    typed when no deck matches."""
    depth = wanted.count(DECK_SEPARATOR) + 1
    for name in sorted(names):
        if in_deck(name, wanted):
            return DECK_SEPARATOR.join(name.split(DECK_SEPARATOR)[:depth])
    return wanted

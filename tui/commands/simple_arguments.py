"""`flywheel due` read without argparse when its words are plain: argparse, with gettext and
locale, and the building of its parsers were a tenth of the command's time.

Only words the parser would read one way are taken here: the command's own options and the
common ones, each written out in full with its value as the next word. Anything else (`--help`, a
prefix of an option, `--opt=value`, a value starting with `-`, a value that is no number where one
is asked for, a word out of place) returns None, and argparse reads the line, help and errors
included. `tests/test_simple_arguments.py` holds both readings to the same result.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

COMMON = {"--db": "db", "--decks": "decks", "--config": "config", "--today": "today"}
"""The options every command takes, before or after its name, by their destination."""

DUE_DEFAULTS: dict[str, object] = {
    "db": None,
    "decks": None,
    "config": None,
    "today": None,
    "command": "due",
    "json": False,
    "limit": None,
    "deck": None,
    "ahead": 0,
    "new": 0,
    "module": "plumbing",
}
"""What argparse gives `flywheel due` alone, in its order."""

DUE_VALUES: dict[str, tuple[str, Callable[[str], object]]] = {
    "--limit": ("limit", int),
    "--deck": ("deck", str),
    "--ahead": ("ahead", int),
    "--new": ("new", int),
}
"""The due command's options that take a value: destination and conversion (argparse's `type`)."""


def simple_arguments(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain `flywheel due` line, as argparse would give them; None for any
    other line."""
    values = dict(DUE_DEFAULTS)
    convert: Callable[[str], object]
    named = False
    at = 0
    while at < len(words):
        word = words[at]
        if word == "due" and not named:
            named, at = True, at + 1
            continue
        if word == "--json" and named:
            values["json"], at = True, at + 1
            continue
        if word in COMMON:
            destination, convert = COMMON[word], str
        elif named and word in DUE_VALUES:
            destination, convert = DUE_VALUES[word]
        else:
            return None
        if at + 1 >= len(words) or words[at + 1].startswith("-"):
            return None
        try:
            values[destination] = convert(words[at + 1])
        except ValueError:
            return None
        at += 2
    if not named:
        return None
    return cast("argparse.Namespace", SimpleNamespace(**values))

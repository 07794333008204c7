"""`flywheel due` and `flywheel answer` read without argparse when their words are plain:
argparse, with gettext and locale, and the building of its parsers were a tenth of `due`'s time.

Only words the parser would read one way are taken here: the command's name, its positional
words right after it, then its own options and the common ones, each written out in full with
its value as the next word. Anything else (`--help`, a prefix of an option, `--opt=value`, a word
or value starting with `-`, a value that is no number where one is asked for, a word too many
or too few) returns None, and argparse reads the line, help and errors included.
`tests/test_cli_simple_arguments.py` holds both readings to the same result.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

COMMON = {"--db": "db", "--decks": "decks", "--config": "config", "--today": "today"}
"""The options every command takes, before or after its name, by their destination."""

_COMMON_DEFAULTS = {"db": None, "decks": None, "config": None, "today": None}


class Grammar(NamedTuple):
    """What a command's parser reads (`tui.commands.plumbing.add_arguments`)."""

    defaults: dict[str, object]
    """What argparse gives the command's name alone (positionals aside), in its order."""
    positionals: tuple[str, ...]
    flags: dict[str, str]
    """Options that take no value (`store_true`), by their destination."""
    values: dict[str, tuple[str, Callable[[str], object]]]
    """Options that take a value: destination and conversion (argparse's `type`)."""


_STRETCH: dict[str, tuple[str, Callable[[str], object]]] = {
    "--ahead": ("ahead", int),
    "--new": ("new", int),
}

GRAMMARS = {
    "due": Grammar(
        {
            **_COMMON_DEFAULTS,
            "command": "due",
            "json": False,
            "limit": None,
            "deck": None,
            "ahead": 0,
            "new": 0,
            "module": "plumbing",
        },
        (),
        {"--json": "json"},
        {"--limit": ("limit", int), "--deck": ("deck", str), **_STRETCH},
    ),
    "answer": Grammar(
        {
            **_COMMON_DEFAULTS,
            "command": "answer",
            "card_id": None,
            "grade": None,
            "seconds": None,
            "ahead": 0,
            "new": 0,
            "module": "plumbing",
        },
        ("card_id", "grade"),
        {},
        {"--seconds": ("seconds", float), **_STRETCH},
    ),
}


def simple_arguments(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain `due` or `answer` line, as argparse would give them; None for
    any other line."""
    grammar: Grammar | None = None
    values: dict[str, object] = {}
    convert: Callable[[str], object]
    at = 0
    while at < len(words):
        word = words[at]
        if grammar is None and word in GRAMMARS:
            grammar = GRAMMARS[word]
            values = {**grammar.defaults, **values}  # the common options given before it
            taken = words[at + 1 : at + 1 + len(grammar.positionals)]
            if len(taken) < len(grammar.positionals) or any(w.startswith("-") for w in taken):
                return None
            values.update(zip(grammar.positionals, taken, strict=True))
            at += 1 + len(taken)
            continue
        if grammar is not None and word in grammar.flags:
            values[grammar.flags[word]], at = True, at + 1
            continue
        if word in COMMON:
            destination, convert = COMMON[word], str
        elif grammar is not None and word in grammar.values:
            destination, convert = grammar.values[word]
        else:
            return None
        if at + 1 >= len(words) or words[at + 1].startswith("-"):
            return None
        try:
            values[destination] = convert(words[at + 1])
        except ValueError:
            return None
        at += 2
    if grammar is None:
        return None
    return cast("argparse.Namespace", SimpleNamespace(**values))

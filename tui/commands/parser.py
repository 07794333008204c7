"""The `flywheel` command line's argparse parser: every command's options, its `--help` and its
one-line usage errors (`cli.main` builds it unless the words are a simple plumbing command)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from cards.decks.printable import printable
from tui.commands.cli import COMMANDS, load_command

DISTRIBUTION = "flywheel-cards"


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` tells it ($COLUMNS first, then the
    terminal, else 80), read through `os`: shutil brings its archive modules along."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns if stdout else 0) or 80
    except (ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, given the width (argparse would import shutil to find it, for
    each parser built, help asked for or not)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake reported in one line (the usage is one `--help` away)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"flywheel: {printable(message)} (see `{self.prog} --help`)\n")


def _common_options(suppress: bool) -> _Parser:
    """Options every command takes, accepted before or after the subcommand name."""
    default = argparse.SUPPRESS if suppress else None
    common = _Parser(add_help=False)
    group = common.add_argument_group("common options")
    group.add_argument(
        "--db", metavar="PATH", default=default, help="collection database (env FLYWHEEL_DB)"
    )
    group.add_argument(
        "--decks", metavar="DIR", default=default, help="your own deck folder (env FLYWHEEL_DECKS)"
    )
    group.add_argument(
        "--config", metavar="PATH", default=default, help="config file (env FLYWHEEL_CONFIG)"
    )
    group.add_argument(
        "--today", metavar="YYYY-MM-DD", default=default, help="the study day (env FLYWHEEL_TODAY)"
    )
    return common


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The command line for `chosen`, importing only its module (every command's when None)."""
    parser = _Parser(
        prog="flywheel",
        description="Spaced-repetition flashcards for the terminal.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    _refuse_deck_for_decks(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # A command named on the line gets the only subparser, with its arguments; without one,
    # every command is listed (for `--help` and to tell a typo apart), each with its arguments.
    for name, (module_name, help_text) in COMMANDS.items():
        if chosen is None or name == chosen:
            sub = subparsers.add_parser(
                name,
                help=help_text,
                description=help_text,
                parents=[_common_options(suppress=True)],
            )
            sub.set_defaults(module=module_name)
            load_command(module_name).add_arguments(sub, name)
            _refuse_deck_for_decks(sub)
    return parser


class _NoDeck(argparse.Action):
    """`--deck` where no deck is chosen: argparse would take it for a prefix of `--decks` and
    quietly swap the deck folder, leaving the user's own decks out of what is shown."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        parser.error(
            f"`{parser.prog}` takes no --deck (the folder of your own decks is --decks DIR)"
        )


def _refuse_deck_for_decks(parser: argparse.ArgumentParser) -> None:
    """Give a parser without a `--deck` of its own one that refuses, with a clear line."""
    with contextlib.suppress(argparse.ArgumentError):  # the command names a deck itself
        parser.add_argument(
            "--deck", nargs="?", action=_NoDeck, default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )


class _Version(argparse.Action):
    """`--version`: the installed package's version, read only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib import metadata  # 20 ms: only when asked

        try:
            number = metadata.version(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            number = "(not installed: version unknown)"
        print(f"flywheel {number}")
        parser.exit()

"""The `flywheel` command line: parses arguments and hands each subcommand to its module.

Subcommand modules are imported only when chosen: `flywheel due` loads neither Textual nor the
modules of `check` or `export`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, Protocol, cast

from cards.decks.printable import is_text, printable
from cards.errors import FlywheelError
from cards.store.session import system_clock
from cards.workspace import Workspace, open_workspace

DISTRIBUTION = "flywheel-cards"

# name -> (module, help); each module has `add_arguments(parser)` and `run(args, workspace) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "review": ("review_command", "review today's cards in the terminal"),
    "check": ("check_command", "validate deck files and list every problem"),
    "list": ("list_command", "list notes, optionally by deck or tag"),
    "add": ("add_command", "add a note to your deck file for its deck"),
    "edit": ("edit_command", "open a note's deck file in $VISUAL or $EDITOR at its line"),
    "due": ("plumbing", "print today's queue"),
    "answer": ("plumbing", "record a grade (0-5) for a card in today's queue"),
    "undo": ("plumbing", "take back the latest answer, suspension or burial"),
    "suspend": ("plumbing", "keep a card out of the queues"),
    "unsuspend": ("plumbing", "return a suspended card to the queues"),
    "bury": ("plumbing", "hide a card until the next study day"),
    "stats": ("stats_command", "counts, retention and the 30-day forecast"),
    "compare": ("compare_command", "how well SM-2 and FSRS predict your own recall"),
    "doctor": ("doctor_command", "check the database and the derived schedule"),
    "export": ("export_command", "write an Anki package (.apkg)"),
    "import": ("import_command", "bring in an Anki package (.apkg, .colpkg) with its progress"),
    "schema": ("schema_command", "print the JSON Schema of deck files"),
    "sync": ("sync_command", "sync with Anki (AnkiWeb or your own sync server)"),
    "paths": ("paths_command", "print where the database, config and decks are"),
    "serve": ("serve_command", "serve the app to web browsers, each tab a sitting of its own"),
}


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


VALUE_OPTIONS = ("--db", "--decks", "--config", "--today")
"""The common options that take a value, which is never the subcommand's name."""


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names, found without importing any command's module; None when
    there is none or it cannot be told (then every command's arguments are built)."""
    words = iter(argv)
    for word in words:
        if word.startswith("--") and "=" not in word:
            if any(option.startswith(word) for option in VALUE_OPTIONS):
                next(words, None)  # the option's value (argparse accepts a prefix of its name)
            continue
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


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
            _load(module_name).add_arguments(sub, name)
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


def _load(module_name: str) -> _CommandModule:
    """A command's module, named as in `COMMANDS` (inside this package)."""
    return cast(_CommandModule, importlib.import_module(f"{__package__}.{module_name}"))


class _CommandModule(Protocol):
    """What `COMMANDS` asks of a subcommand module."""

    def add_arguments(self, parser: argparse.ArgumentParser, name: str) -> None: ...

    def run(self, args: argparse.Namespace, workspace: Workspace) -> int: ...


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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `flywheel` script; returns the exit status."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(chosen_command(words))
    args = parser.parse_args(words)
    if args.command is None:
        args.command, args.module = "home", "review_command"
    workspace: Workspace | None = None
    try:
        refuse_undecodable(args)
        workspace = open_workspace(
            os.environ,
            system_clock(),
            db=args.db,
            config=args.config,
            decks=args.decks,
            today=args.today,
        )
        return _load(args.module).run(args, workspace)
    except FlywheelError as error:
        text = "\n".join(printable(line) for line in str(error).split("\n"))
        print(f"flywheel: {text}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as error:
        print(f"flywheel: {_database_trouble(error, workspace)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    finally:
        if workspace is not None and not sys.stderr.closed:
            for line in workspace.warnings:
                print(f"flywheel: warning: {printable(line)}", file=sys.stderr)


PATH_ARGUMENTS = frozenset({"db", "decks", "config", "output", "paths", "file", "into"})
"""Arguments naming files, which may be any bytes the file system allows."""


def refuse_undecodable(args: argparse.Namespace) -> None:
    """Card ids, deck names, tags and card text are UTF-8: a word that is not (its bad bytes
    arrive as lone surrogates) is refused here rather than failing deep inside."""
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS:
            continue
        for word in value if isinstance(value, list) else [value]:
            if isinstance(word, str) and not is_text(word):
                raise FlywheelError(
                    f"{name.replace('_', '-')}: '{printable(word)}' is not UTF-8 text"
                )


def _database_trouble(error: sqlite3.DatabaseError, workspace: Workspace | None) -> str:
    """One line for an SQLite error that reached the top, told by its result code: a lock, a
    full disk, a read-only file, damage, or anything else.

    Damage is marked (see `cards.store.damage`) so that no command writes to the file until
    `flywheel doctor --repair` has dealt with it.
    """
    from pathlib import Path

    from cards.store.damage import mark_damaged
    from cards.store.database_errors import Trouble, explain, trouble

    database = workspace.locations.db if workspace else Path("the collection")
    kind = trouble(error)
    if kind is Trouble.BUSY:
        return (
            f"{database}: another Flywheel is writing to the collection and did not finish "
            "within 15 s; try again in a moment"
        )
    if workspace is not None and kind is Trouble.DAMAGED:
        mark_damaged(workspace.locations.db, str(error))
        return (
            f"{database}: the database is damaged ({error}); nothing more is written to it: "
            "run `flywheel doctor --repair`"
        )
    return explain(error, database) or f"{database}: database error: {error}"


if __name__ == "__main__":
    sys.exit(main())

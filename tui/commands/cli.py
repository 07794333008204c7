"""The `flywheel` command line: parses arguments and hands each subcommand to its module.

Subcommand modules are imported only when chosen: `flywheel due` loads neither Textual nor the
modules of `check` or `export`; a plain `flywheel due` line is read without argparse
(`tui.commands.simple_arguments`), any other by the parser of `tui.commands.parser`.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, cast

from cards.clock import system_clock
from cards.decks.printable import is_text, printable
from cards.errors import FlywheelError
from cards.workspace import Workspace, open_workspace
from tui.commands.simple_arguments import simple_arguments

if TYPE_CHECKING:
    import argparse

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


def load_command(module_name: str) -> _CommandModule:
    """A command's module, named as in `COMMANDS` (inside this package)."""
    return cast(_CommandModule, importlib.import_module(f"{__package__}.{module_name}"))


class _CommandModule(Protocol):
    """What `COMMANDS` asks of a subcommand module."""

    def add_arguments(self, parser: argparse.ArgumentParser, name: str) -> None: ...

    def run(self, args: argparse.Namespace, workspace: Workspace) -> int: ...


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `flywheel` script; returns the exit status."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = simple_arguments(words)
    if args is None:
        from tui.commands.parser import build_parser

        args = build_parser(chosen_command(words)).parse_args(words)
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
        return load_command(args.module).run(args, workspace)
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

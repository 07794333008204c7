"""`flywheel review [--deck D]` and plain `flywheel` (the home screen): the Textual UI.

Textual is imported inside `run()` only: the command line imports every command module to build
its parser, and the plumbing commands must start without loading the UI.
"""

from __future__ import annotations

import argparse
import sys

from cards.damage import refuse_if_damaged
from cards.errors import FlywheelError
from cards.store import Store
from cards.workspace import Workspace
from tui.commands.plumbing import add_stretch_arguments, stretched_limits
from tui.services import Start


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--deck", metavar="D", help="only this deck and its subdecks")
    if name == "review":
        add_stretch_arguments(parser)


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise FlywheelError(
            "the review screen needs an interactive terminal (stdin and stdout are not a TTY); "
            "scripts can use `flywheel due` and `flywheel answer`"
        )
    deck_files = workspace.deck_files()
    if not deck_files:
        raise FlywheelError(
            f"no deck files to review: put .toml decks in {workspace.locations.user_decks} "
            "or set builtin_decks = true in the config"
        )
    from tui.app import make_app  # deferred: loads Textual

    start: Start = "review" if args.command == "review" else "home"
    refuse_if_damaged(workspace.locations.db)
    limits = stretched_limits(args, workspace)
    with Store.open(workspace.locations.database(), limits) as store:
        app = make_app(
            store,
            today=workspace.today,
            settings=workspace.settings,
            deck_files=workspace.deck_files,
            start=start,
            deck=getattr(args, "deck", None),
            user_decks=workspace.locations.user_decks,
        )
        note = app.run()
    if note:
        print(note, file=sys.stderr)
    return app.return_code or 0

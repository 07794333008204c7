"""`flywheel edit NOTE_ID`: open the note's deck file in $VISUAL or $EDITOR at its line, then sync.

A note of a built-in deck is edited in the user's copy of that deck (see `cards.decks.user_decks`).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from cards.decks.printable import printable
from cards.errors import FlywheelError
from cards.workspace import Workspace
from tui.commands.plumbing import warn_about
from tui.edit_loop import ask_terminal, edit_note


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("note_id", metavar="NOTE_ID", help="e.g. iot/in-car-delivery-partners")


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    collection = workspace.load_collection()
    path = next(
        (deck_file.path for deck_file, note in collection.notes() if note.id == args.note_id),
        None,
    )
    if path is None:  # a note its file's problems keep out of use, as `check` names it
        path = next((p.path for p in collection.problems if p.note_id == args.note_id), None)
    if path is None:
        note_id = args.note_id.partition("#")[0]  # a card id, as `due` prints them
        if note_id != args.note_id and any(note.id == note_id for _, note in collection.notes()):
            raise FlywheelError(
                f"{args.note_id!r} is a card; edit its note: flywheel edit {shlex.quote(note_id)}"
            )
        raise FlywheelError(f"unknown note {args.note_id!r} (see `flywheel list`)")
    store, _ = workspace.open_store()
    with store:
        interactive = sys.stdin.isatty()
        outcome = edit_note(
            os.environ,
            path,
            args.note_id,
            workspace.locations.user_decks,
            ask_terminal if interactive else (lambda question: False),
            lambda line: print(line, file=sys.stderr),
        )
        report = store.sync(workspace.deck_files())
        warn_about(store, report, workspace)
    if outcome.problems:
        return 1
    told = outcome.report(args.note_id)
    if told is not None and outcome.status != 0:
        print(f"flywheel: {printable(told)}", file=sys.stderr)
    if outcome.changed:
        print(f"{printable(args.note_id)}: saved in {outcome.path}")
    elif told is not None and outcome.status == 0:
        print(printable(told))
    return 0 if outcome.status == 0 else 1

"""`flywheel add`: a new note from the command line, into the user's deck file for its deck.

Invalid input writes nothing: the problems are printed as `flywheel check` prints them, exit 1.
"""

from __future__ import annotations

import argparse
import sys

from cards.decks.authoring import KINDS, Draft, InUse, InvalidNote, add_note
from cards.workspace import Workspace
from tui.commands.plumbing import warn_about


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--deck", required=True, metavar="NAME", help="deck name, e.g. Amazon::IoT")
    parser.add_argument("--kind", choices=KINDS, default="basic", help="note kind (basic)")
    for language in ("en", "ko"):
        for side in ("front", "back", "text", "extra"):
            parser.add_argument(
                f"--{language}-{side}", metavar="T", default="", help=f"{language}.{side}"
            )
    parser.add_argument("--tags", metavar="a,b", default="", help="comma-separated tags")
    parser.add_argument("--id", dest="note_id", metavar="SLUG", help="note id (made from the text)")


def draft_from(args: argparse.Namespace) -> Draft:
    faces = {
        language: {
            side: getattr(args, f"{language}_{side}")
            for side in ("front", "back", "text", "extra")
            if getattr(args, f"{language}_{side}")
        }
        for language in ("en", "ko")
    }
    tags = tuple(tag.strip() for tag in args.tags.split(",") if tag.strip())
    return Draft(args.deck, args.kind, faces["en"], faces["ko"], tags, args.note_id)


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    store, report = workspace.open_store()
    with store:
        warn_about(store, report, workspace)
        in_use = InUse(*store.notes_in_use())
        try:
            added = add_note(draft_from(args), in_use, workspace.locations.user_decks)
        except InvalidNote as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return 1
        store.sync(workspace.deck_files())
        store.mark_added(added.note.id, workspace.today)
    print(added.note.id)
    where = "created" if added.created else "added to"
    print(f"{where} {added.path}", file=sys.stderr)
    return 0

"""`flywheel check`: validate deck files, print every problem one a line, exit 1 if any."""

from __future__ import annotations

import argparse
from pathlib import Path

from cards.bulk import cycle_collector_paused
from cards.decks import deck_paths, load_collection
from cards.plural import counted
from cards.workspace import Workspace


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="deck files or folders (default: every deck in use)",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    missing = [path for path in args.paths if not path.exists()]
    paths = deck_paths(args.paths) if args.paths else workspace.deck_files()
    collection = load_collection(paths)
    for path in missing:
        print(f"{path}: no such file or folder")
    for problem in collection.problems:
        print(problem)
    if missing or collection.problems:
        count = len(missing) + len(collection.problems)
        print(f"{counted(count, 'problem')} found")
        return 1
    if not paths:
        print("no deck files found")
        return 1
    notes = sum(len(deck_file.deck.notes) for deck_file in collection.decks)
    with cycle_collector_paused():
        cards = sum(len(note.templates()) for _, note in collection.notes())
    print(f"ok: {len(collection.decks)} decks, {notes} notes, {cards} cards")
    return 0

"""`flywheel check`: validate deck files, print every problem one a line, exit 1 if any."""

from __future__ import annotations

import argparse
from pathlib import Path

from cards.checking import check_files
from cards.decks import deck_paths
from cards.plural import counted
from cards.printable import printable
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
    paths = deck_paths(args.paths, workspace.warnings) if args.paths else workspace.deck_files()
    report = check_files(paths)
    for path in missing:
        print(f"{printable(str(path))}: no such file or folder")
    for problem in report.problems:
        print(problem)
    if missing or report.problems:
        count = len(missing) + len(report.problems)
        print(f"{counted(count, 'problem')} found")
        return 1
    if not paths:
        print("no deck files found")
        return 1
    print(
        f"ok: {counted(report.decks, 'deck')}, {counted(report.notes, 'note')}, "
        f"{counted(report.cards, 'card')}"
    )
    return 0

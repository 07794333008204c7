"""`flywheel check`: validate deck files, print every problem and warning one a line.

Problems (a deck that cannot load as written) exit 1; formulation warnings (see `cards.decks.lint`)
exit 0 unless `--strict` makes them failures too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cards.decks.checking import check_files
from cards.decks.folders import deck_paths
from cards.decks.printable import printable
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
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on formulation warnings too"
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    missing = [path for path in args.paths if not path.exists()]
    paths = deck_paths(args.paths, workspace.warnings) if args.paths else workspace.deck_files()
    report = check_files(paths, lint=workspace.settings.lint)
    for path in missing:
        print(f"{printable(str(path))}: no such file or folder")
    for problem in report.problems:
        print(problem)
    for warning in report.warnings:
        print(warning)
    warned = f", {counted(len(report.warnings), 'warning')}" if report.warnings else ""
    if missing or report.problems:
        count = len(missing) + len(report.problems)
        print(f"{counted(count, 'problem')}{warned} found")
        return 1
    if not paths:
        print("no deck files found")
        return 1
    if report.warnings and args.strict:
        print(f"{counted(len(report.warnings), 'warning')} found (--strict)")
        return 1
    print(
        f"ok: {counted(report.decks, 'deck')}, {counted(report.notes, 'note')}, "
        f"{counted(report.cards, 'card')}{warned}"
    )
    if report.unlinted:
        files = counted(report.unlinted, "file")
        limit = counted(workspace.settings.lint.max_notes, "note")
        print(f"wording not checked in {files} of more than {limit} (lint.max_notes)")
    return 0

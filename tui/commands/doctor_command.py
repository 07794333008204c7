"""`flywheel doctor [--repair]`: check the database and that schedules match the review log."""

from __future__ import annotations

import argparse

from cards.plural import counted
from cards.store.checkup import check_collection
from cards.workspace import Workspace


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "--repair",
        action="store_true",
        help="rebuild schedules from the log, and a damaged file from its readable rows",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    problems = check_collection(workspace.locations.database(), args.repair, print)
    for problem in problems:
        print(problem)
    if not problems:
        print("ok: database intact, every schedule matches the review log")
        return 0
    hint = "" if args.repair else " (flywheel doctor --repair rebuilds schedules)"
    if any(p.startswith("damaged: review_log ") for p in problems):
        hint = "; the review log itself is damaged: restore a backup of the database"
    elif any(p.startswith("damaged:") for p in problems):
        hint = "; where an imported card started is damaged: restore a backup of the database"
    print(f"{counted(len(problems), 'problem')}{hint}")
    return 1

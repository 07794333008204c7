"""`flywheel doctor [--repair]`: check the database and that schedules match the review log."""

from __future__ import annotations

import argparse

from cards.db import connect
from cards.doctor import diagnose, repair
from cards.plural import counted
from cards.workspace import Workspace


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--repair", action="store_true", help="rebuild schedules from the log")


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    connection = connect(workspace.locations.database())
    try:
        problems = diagnose(connection)
        if problems and args.repair and all(p.startswith("schedule:") for p in problems):
            print(f"repaired {counted(repair(connection), 'card')} from the review log")
            problems = diagnose(connection)
        for problem in problems:
            print(problem)
        if problems:
            hint = "" if args.repair else " (flywheel doctor --repair rebuilds schedules)"
            if any(p.startswith("damaged:") for p in problems):
                hint = "; the review log itself is damaged: restore a backup of the database"
            print(f"{counted(len(problems), 'problem')}{hint}")
            return 1
        print("ok: database intact, every schedule matches the review log")
        return 0
    finally:
        connection.close()

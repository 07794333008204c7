"""`flywheel doctor [--repair]`: check the database and that schedules match the review log."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from cards.damage import clear_mark, mark_damaged, reindex, salvage
from cards.db import connect
from cards.doctor import diagnose, repair
from cards.plural import counted
from cards.workspace import Workspace


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "--repair",
        action="store_true",
        help="rebuild schedules from the log, and a damaged file from its readable rows",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    path = workspace.locations.database()
    connection = connect(path)
    try:
        problems = diagnose(connection)
        damage = [p.removeprefix("integrity: ") for p in problems if p.startswith("integrity:")]
        if damage:
            mark_damaged(path, damage[0])
        if damage and args.repair:
            connection = _repair_file(connection, path)
            problems = diagnose(connection)
        if problems and args.repair and all(p.startswith("schedule:") for p in problems):
            print(f"repaired {counted(repair(connection), 'card')} from the review log")
            problems = diagnose(connection)
        for problem in problems:
            print(problem)
        if problems:
            hint = "" if args.repair else " (flywheel doctor --repair rebuilds schedules)"
            if any(p.startswith("damaged: review_log ") for p in problems):
                hint = "; the review log itself is damaged: restore a backup of the database"
            elif any(p.startswith("damaged:") for p in problems):
                hint = (
                    "; where an imported card started is damaged: restore a backup of the database"
                )
            print(f"{counted(len(problems), 'problem')}{hint}")
            return 1
        clear_mark(path)
        print("ok: database intact, every schedule matches the review log")
        return 0
    finally:
        connection.close()


def _repair_file(connection: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """Rebuild the indexes; if the tables are damaged too, salvage their readable rows."""
    if reindex(connection):
        print("rebuilt the indexes; the tables were intact")
        return connection
    connection.close()
    kept, copied = salvage(path)
    rows = ", ".join(f"{counted(count, 'row')} of {table}" for table, count in copied.items())
    print(f"copied the readable rows into a new {path} ({rows}); the damaged file is {kept}")
    return connect(path)

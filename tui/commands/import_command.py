"""`flywheel import FILE.apkg`: an Anki package becomes deck files, with its learning progress."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cards.errors import FlywheelError
from cards.plural import counted
from cards.store import Store
from cards.vocabulary import LANGUAGES
from cards.workspace import Workspace

if TYPE_CHECKING:
    from cards.anki_import import ImportPlan


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the Anki package (.apkg, .colpkg)")
    parser.add_argument(
        "--into",
        type=Path,
        metavar="DIR",
        help="the folder for the deck files (default: your deck folder, see `flywheel paths`)",
    )
    parser.add_argument(
        "--no-schedule",
        action="store_true",
        help="bring in the notes only; every card starts new",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="the language the imported wording is filed under (default: en)",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    from cards.anki_import import plan_import, write_import
    from cards.anki_reader import open_package

    folder: Path = args.into or workspace.locations.user_decks
    if folder.exists() and not folder.is_dir():
        raise FlywheelError(f"--into {folder}: not a folder")
    existing = workspace.load_collection()
    with open_package(args.file) as package:
        plan = plan_import(package, args.file, folder, args.lang, existing, workspace.today)
        if not plan.files:
            raise FlywheelError(f"{args.file}: no notes to import")
        # The database is opened (and checked) before any deck file is written.
        store = None if args.no_schedule else Store.open(workspace.locations.db, workspace.limits())
        try:
            write_import(plan, folder)
            for warning in plan.warnings:
                print(f"flywheel: warning: {warning}", file=sys.stderr)
            print(plan.summary(folder))
            if store is not None:
                _import_schedules(workspace, folder, plan, store)
        finally:
            if store is not None:
                store.close()
    return 0


def _import_schedules(workspace: Workspace, folder: Path, plan: ImportPlan, store: Store) -> None:
    """Sync the new deck files into the database, then give their cards Anki's schedules."""
    from cards.anki_origin import record_origins
    from cards.db import write_transaction
    from cards.import_schedule import apply_schedules

    in_use = workspace.deck_files()
    resolved = {path.resolve() for path in in_use}
    outside = [path for path in plan.files if path.resolve() not in resolved]
    if outside:
        print(
            f"flywheel: note: {folder} is not a deck folder in use; add it to `decks` in the "
            "config for Flywheel to review these decks",
            file=sys.stderr,
        )
    store.sync([*in_use, *outside])
    report = apply_schedules(store.connection, plan.cards, workspace.settings.rollover_hour)
    with write_transaction(store.connection):
        record_origins(store.connection, plan.notetypes, plan.origins.items())
    text = f"schedules: {counted(report.scheduled, 'card')} with their reviews"
    text += f", {counted(report.answers, 'past answer')} kept as history"
    if report.kept:
        they = "it is" if report.kept == 1 else "they are"
        text += f"; {counted(report.kept, 'card')} already answered in Flywheel kept as {they}"
    print(text)

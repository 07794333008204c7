"""`flywheel import FILE.apkg`: an Anki package becomes deck files, with its learning progress."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from cards.decks.vocabulary import LANGUAGES
from cards.errors import FlywheelError
from cards.plural import counted
from cards.store.store import Store
from cards.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cards.anki.import_plan import ImportPlan
    from cards.decks.loading import Collection
    from cards.schedule.card_schedules import AnkiAnswer


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the Anki package (.apkg, .colpkg)")
    parser.add_argument(
        "--into",
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
    from cards.anki.import_files import remove_leftovers, shown
    from cards.anki.import_package import plan_import
    from cards.anki.import_reader import open_package
    from cards.anki.import_writing import write_import
    from cards.decks.media import MEDIA_FOLDER

    folder = _target_folder(args.into, workspace)
    remove_leftovers([folder, folder / MEDIA_FOLDER])
    existing = _existing(workspace, folder)
    with ExitStack() as stack, open_package(args.file) as package:
        plan = plan_import(
            package,
            args.file,
            folder,
            args.lang,
            existing,
            workspace.today,
            schedules=not args.no_schedule,
        )
        del existing  # every note in use, as models: not held through the sync that follows
        stack.callback(plan.close)
        if not plan.notes:
            why = f" ({plan.warnings[-1]})" if plan.warnings else ""
            raise FlywheelError(f"{shown(str(args.file))}: no notes to import{why}")
        # The database is opened (and checked) before any deck file is written.
        store = None if args.no_schedule else Store.open(workspace.locations.db, workspace.limits())
        try:
            write_import(plan, folder)
            schedules = (
                None
                if store is None
                else _import_schedules(workspace, plan, store, package.history())
            )
        finally:
            if store is not None:
                store.close()
    # Said only now: the files are written and the schedules committed.
    for warning in plan.warnings:
        print(f"flywheel: warning: {warning}", file=sys.stderr)
    if schedules is not None and schedules[0]:
        print(schedules[0], file=sys.stderr)
    print(plan.summary(folder))
    if schedules is not None:
        print(schedules[1])
    return 0


def _target_folder(into: str | None, workspace: Workspace) -> Path:
    """The folder the deck files go to; refused when it is empty, a file, or the installed
    package's own (its built-in decks would be replaced)."""
    from cards.anki.import_files import shown

    if into is not None and not into.strip():
        raise FlywheelError("--into: an empty path (is a shell variable unset?)")
    folder = Path(into).expanduser() if into is not None else workspace.locations.user_decks
    try:
        str(folder).encode("utf-8")
    except UnicodeEncodeError:
        option = "--into" if into is not None else "the deck folder"
        raise FlywheelError(
            f"{option} {shown(str(folder))}: the name is not UTF-8 text; use another folder"
        ) from None
    if folder.exists() and not folder.is_dir():
        raise FlywheelError(f"--into {shown(str(folder))}: not a folder")
    resolved = folder.resolve()
    for installed in _installed_folders():
        if resolved == installed or installed in resolved.parents:
            raise FlywheelError(
                f"--into {shown(str(folder))}: inside the installed Flywheel package; "
                "import into a folder of your own"
            )
    return folder


def _installed_folders() -> list[Path]:
    import cards
    import tui
    from seeds import BUILTIN_DECKS

    code = [Path(module.__file__ or "").resolve().parent for module in (cards, tui)]
    return [BUILTIN_DECKS, *code]


def _existing(workspace: Workspace, folder: Path) -> Collection:
    """The notes in use, and those of the target folder when it is not a deck folder in use."""
    from cards.decks.folders import deck_paths
    from cards.decks.loading import load_collection

    in_use = workspace.deck_files()
    resolved = {path.resolve() for path in in_use}
    extra = [path for path in deck_paths([folder]) if path.resolve() not in resolved]
    return load_collection([*in_use, *extra])


def _import_schedules(
    workspace: Workspace,
    plan: ImportPlan,
    store: Store,
    history: Iterator[tuple[int, AnkiAnswer]],
) -> tuple[str, str]:
    """Sync the new deck files into the database, then give their cards Anki's schedules.

    Returns (a note for stderr or "", the line saying what was scheduled)."""
    from cards.anki.import_files import shown

    in_use = workspace.deck_files()
    resolved = {path.resolve() for path in in_use}
    outside = [path for path in sorted(plan.decks) if path.resolve() not in resolved]
    note = ""
    if outside:
        folder = shown(str(outside[0].parent))
        note = (
            f"flywheel: note: {folder} is not a deck folder in use; add it to `decks` in the "
            "config for Flywheel to review these decks"
        )
    store.sync([*in_use, *outside])
    report = store.import_schedules(
        plan.cards, workspace.settings.rollover_hour, history, plan.notetypes, plan.origins
    )
    text = f"schedules: {counted(report.scheduled, 'card')} with their reviews"
    text += f", {counted(report.answers, 'past answer')} kept as history"
    if report.kept:
        they = "it is" if report.kept == 1 else "they are"
        text += f"; {counted(report.kept, 'card')} already answered in Flywheel kept as {they}"
    return note, text

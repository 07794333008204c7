"""`flywheel export`: write the decks in use, or some of them, to an Anki package (.apkg)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cards.anki.export_schedule import Schedules
from cards.anki.export_target import check_export_target
from cards.decks.models import Deck
from cards.decks.vocabulary import LANGUAGE_CHOICES, in_deck, require_deck
from cards.plural import counted
from cards.store.store import Store
from cards.workspace import Workspace

if TYPE_CHECKING:
    from cards.anki.note_origins import Origins

DEFAULT_OUTPUT = Path("flywheel.apkg")
PROGRESS_FROM = 1000
"""Show a progress line (on a terminal) for exports of at least this many notes."""


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="FILE",
        help=f"the package to write, ending in .apkg (default: {DEFAULT_OUTPUT} here)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE even if it is not an Anki package",
    )
    parser.add_argument(
        "--deck",
        action="append",
        metavar="D",
        help="only this deck and its subdecks (repeatable)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGE_CHOICES,
        default="both",
        help="the wording to export: en, ko or both (default)",
    )
    parser.add_argument(
        "--no-schedule",
        action="store_true",
        help="write every card as new, without review history (for sharing a deck)",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    from cards.anki.export import export_apkg  # genanki and markdown-it load only to export

    check_export_target(args.output, collection=workspace.locations.db, force=args.force)
    collection = workspace.load_collection()
    if collection.problems:
        count = len(collection.problems)
        print(
            f"flywheel: warning: {counted(count, 'problem')} in deck files; "
            "exporting the sound notes (see `flywheel check`)",
            file=sys.stderr,
        )
    decks = select_decks([deck_file.deck for deck_file in collection.decks], args.deck)
    warn_about_changed_kinds(args.output, decks)
    folders = list(dict.fromkeys(deck_file.path.parent for deck_file in collection.decks))
    schedules = None if args.no_schedule else read_schedules(workspace)
    origins = read_origins(workspace)
    progress = ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        summary = export_apkg(
            decks,
            args.output,
            lang=args.lang,
            progress=progress,
            schedules=schedules,
            media_folders=folders,
            origins=origins,
        )
    finally:
        if progress is not None:
            progress.clear()
    print(summary)
    return 0


def warn_about_changed_kinds(package: Path, decks: list[Deck]) -> None:
    """A note whose kind changed keeps its old kind in Anki: say so, and how to carry it over."""
    from cards.anki.export_changes import changed_kinds

    for note_id, old, new in changed_kinds(package, decks):
        print(
            f"flywheel: warning: note {note_id} changed from {old} to {new}; Anki keeps its "
            f"{old} note on import: delete that note in Anki first (Browse, search "
            f'"Flywheel ID:{note_id}") to take the {new} one',
            file=sys.stderr,
        )


def read_schedules(workspace: Workspace) -> Schedules:
    """The schedules and answers in the collection database (none when there is no database)."""
    cards = {}
    if workspace.locations.db.exists():
        with Store.open(workspace.locations.db) as store:
            cards = store.schedules()
    return Schedules(cards, workspace.today, workspace.settings.rollover_hour)


def read_origins(workspace: Workspace) -> Origins | None:
    """The Anki note types of notes imported from Anki (none when there is no database)."""
    if not workspace.locations.db.exists():
        return None
    with Store.open(workspace.locations.db) as store:
        return store.anki_origins()


def select_decks(decks: list[Deck], wanted: list[str] | None) -> list[Deck]:
    """The decks named in `wanted` (and their subdecks), or all; an unknown name is an error."""
    if not wanted:
        return decks
    for name in wanted:
        require_deck(name, (deck.name for deck in decks))
    return [deck for deck in decks if any(in_deck(deck.name, name) for name in wanted)]


class ProgressLine:
    """`exporting 4200/10000 notes` rewritten in place, at most once per percent."""

    def __init__(
        self, stream: TextIO, threshold: int = PROGRESS_FROM, verb: str = "exporting"
    ) -> None:
        self.stream = stream
        self.verb = verb
        self.threshold = threshold
        self.shown = -1
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        percent = done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        line = f"{self.verb} {done}/{total} notes ({percent}%)"
        self.width = max(self.width, len(line))
        self.stream.write(f"\r{line}")
        self.stream.flush()

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

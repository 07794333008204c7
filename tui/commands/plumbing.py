"""Scriptable commands on today's queue: `due`, `answer`, `undo`, `suspend`, `unsuspend`, `bury`.

They print plain text or JSON, exit 2 with one line on bad input, and never import Textual.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

from cards.clock import system_clock
from cards.decks.printable import printable
from cards.decks.vocabulary import require_deck
from cards.errors import FlywheelError
from cards.plural import counted
from cards.schedule.queue import Limits
from cards.store.deck_sync import SyncReport
from cards.store.store import Store
from cards.warnings import startup_warnings
from cards.workspace import Workspace
from tui.commands.indented_json import indented_json

if TYPE_CHECKING:
    import argparse


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    if name == "due":
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--limit", type=int, metavar="N", help="at most N cards")
        parser.add_argument("--deck", metavar="D", help="only this deck and its subdecks")
    elif name == "answer":
        parser.add_argument("card_id", metavar="CARD_ID")
        parser.add_argument("grade", metavar="GRADE", help="0 blackout ... 5 perfect")
        parser.add_argument(
            "--seconds",
            type=float,
            metavar="S",
            help="how long the question was shown (logged, capped at 60)",
        )
    elif name in ("suspend", "unsuspend", "bury"):
        parser.add_argument("card_id", metavar="CARD_ID")
    elif name == "undo":
        parser.add_argument(
            "card_id",
            metavar="CARD_ID",
            nargs="?",
            help="refuse unless the latest action is on this card",
        )
    if name in ("due", "answer"):
        add_stretch_arguments(parser)


def add_stretch_arguments(parser: argparse.ArgumentParser) -> None:
    """`--ahead` and `--new`: more of today's work than the limits offer."""
    parser.add_argument(
        "--ahead", type=int, default=0, metavar="DAYS", help="also cards due within DAYS days"
    )
    parser.add_argument(
        "--new", type=int, default=0, metavar="N", help="N new cards beyond the daily limit"
    )


def stretched_limits(args: argparse.Namespace, workspace: Workspace) -> Limits:
    """The workspace's limits widened by `--ahead` and `--new` (within `cards.schedule.stretch`)."""
    from cards.schedule.stretch import stretched

    return stretched(workspace.limits(), getattr(args, "ahead", 0), getattr(args, "new", 0))


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    store, report = workspace.open_store(stretched_limits(args, workspace))
    with store:
        warn_about(store, report, workspace)
        return COMMANDS[args.command](args, workspace, store)


def warn_about(store: Store, report: SyncReport, workspace: Workspace) -> None:
    """Each start-up warning as a line on stderr; the command goes on."""
    for warning in startup_warnings(store, report, workspace.today):
        print(f"flywheel: warning: {warning}", file=sys.stderr)


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def due(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    if args.limit is not None and args.limit < 0:
        raise FlywheelError("--limit must be 0 or more")
    if args.deck is not None:
        require_deck(args.deck, store.card_totals())
    queue = store.queue(workspace.today, args.deck)[: args.limit]
    cards = store.cards([item.card_id for item in queue])
    language = workspace.settings.language
    if args.json:
        items: list[dict[str, str]] = []
        for item in queue:
            card = cards[item.card_id]
            items.append(
                {
                    "id": item.card_id,
                    "note": item.note_id,
                    "deck": item.deck,
                    "kind": item.kind,
                    "front": card.shown("front", language),
                    "back": card.shown("back", language),
                }
            )
        print(indented_json(items))
        return 0
    # Cut to the terminal's width (Korean counts double); piped output keeps whole lines.
    from tui.light_plain import light_plain  # with `html`: for the plain listing only
    from tui.text import clip

    columns = None
    if _on_terminal():
        import shutil  # with its archive modules: only for a terminal's width

        columns = shutil.get_terminal_size().columns
    for item in queue:
        card = cards[item.card_id]
        front = printable(light_plain(card.shown("front", language)))
        line = f"{item.kind:<7} {printable(item.card_id):<44} {front}"
        print(line if columns is None else clip(line, columns))
    print(f"{counted(len(queue), 'card')} in today's queue ({workspace.today})")
    return 0


def answer(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    from cards.schedule.sm2 import grade_from_text  # SM-2 itself: not for `due`

    try:
        grade = grade_from_text(args.grade)
    except ValueError as error:
        raise FlywheelError(str(error)) from None
    seconds = args.seconds
    if seconds is not None and not math.isfinite(seconds):
        raise FlywheelError(f"--seconds must be a finite number of seconds, got {seconds}")
    if seconds is not None and seconds < 0:
        raise FlywheelError(f"--seconds must be 0 or more, got {seconds}")
    now = system_clock()
    result = store.answer(args.card_id, grade, workspace.today, now, seconds)
    after = result.entry.after
    if result.entry.drill:
        print(f"{args.card_id}: drill answer recorded (schedule unchanged)")
    else:
        schedule = f"interval {after.interval} d, easiness {after.easiness:.2f}"
        print(f"{args.card_id}: next review {after.due} ({schedule})")
    if result.became_leech:
        times = workspace.settings.leech_threshold
        print(f"{args.card_id}: failed {times} times: marked as a leech and suspended")
    return 0


def undo(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    undone = store.undo(card_id=args.card_id)
    if undone is None:
        print("nothing to undo")
        return 1
    print(f"undid {undone.describe()}")
    return 0


def suspend(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    changed = store.set_suspended(args.card_id, True, workspace.today)
    print(f"{args.card_id}: {'suspended' if changed else 'already suspended; nothing changed'}")
    return 0


def unsuspend(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    changed = store.set_suspended(args.card_id, False, workspace.today)
    print(
        f"{args.card_id}: {'back in the queues' if changed else 'not suspended; nothing changed'}"
    )
    return 0


def bury(args: argparse.Namespace, workspace: Workspace, store: Store) -> int:
    changed = store.bury(args.card_id, workspace.today)
    done = "buried until tomorrow" if changed else "already buried until tomorrow; nothing changed"
    print(f"{args.card_id}: {done}")
    return 0


COMMANDS = {
    "due": due,
    "answer": answer,
    "undo": undo,
    "suspend": suspend,
    "unsuspend": unsuspend,
    "bury": bury,
}

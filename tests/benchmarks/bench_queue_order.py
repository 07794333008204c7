"""The day's shuffled order of due reviews, beside the card-id order it replaced.

    uv run python tests/benchmarks/bench_queue_order.py --sizes 1000,10000 --spreads 1,60

For each size it syncs synthetic deck files and makes every note's first card a review, overdue
by 0 to `spread - 1` days (spread 1: all due today, so the limit takes a few of many cards due
on one day; spread 60: a backlog of two months). It then
times, median of `--repeats` in milliseconds: the due section of today's queue under the default
review limit, put in the day's order, and the same walked to its last card (what an answer to
that card asks); then both in card-id order on the index that order had, the baseline. It passes
or fails nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.schedule.queue import (  # noqa: E402
    DUE,
    Limits,
    QueueItem,
    Room,
    in_day_order,
    room_left,
    section,
)
from cards.store.database import connect  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.measuring import timed  # noqa: E402
from tests.benchmarks.synthetic import TODAY, write_decks  # noqa: E402

ID_ORDER = DUE.replace("c.shuffle, ", "")


def all_due(folder: Path, notes: int, spread: int) -> Path:
    """A collection whose notes each have one review due, overdue by up to `spread - 1` days."""
    path = folder / "flywheel.sqlite3"
    with Store.open(path) as store:
        store.sync(write_decks(folder / "decks", notes))
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(
        "UPDATE card SET reviews = 1, repetitions = 1, interval = 1, "
        "due = date(?, '-' || (rowid % ?) || ' days') "
        "WHERE ord = (SELECT min(s.ord) FROM card s WHERE s.note_id = card.note_id)",
        (TODAY.isoformat(), spread),
    )
    # The baseline's own index, as the card-id order had it (the planner picks it for that order).
    connection.execute(
        "CREATE INDEX card_due_by_id ON card(due, id) WHERE active = 1 AND reviews > 0"
    )
    connection.close()
    return path


def median_ms(action: Callable[[], object], repeats: int) -> float:
    return statistics.median(timed(action) for _ in range(repeats)) * 1000


def timings(
    db: sqlite3.Connection, room: Room, sql: str, repeats: int, ordered: bool
) -> tuple[float, float]:
    """Medians (ms) of the due section (put in the day's order when `ordered`, as the queue
    does), and of its walk to its last card (an answer's check, which needs no order)."""

    def queue() -> list[QueueItem]:
        taken = section(db, room, sql, room.cards, "review")
        return in_day_order(db, taken, TODAY) if ordered else taken

    last = section(db, room, sql, room.cards, "review")[-1].card_id  # the walk's last
    whole = median_ms(queue, repeats)
    to_last = median_ms(lambda: section(db, room, sql, room.cards, "review", until=last), repeats)
    return whole, to_last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--spreads", default="1,60")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(f"{'notes':>7} {'spread':>6} {'order':>9} {'queue ms':>9} {'to last ms':>11}")
    sizes = [int(s) for s in args.sizes.split(",")]
    for size, spread in ((z, int(p)) for z in sizes for p in args.spreads.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = all_due(Path(folder), size, spread)
            with closing(connect(path)) as db:
                room = room_left(db, TODAY, Limits(), None)
                figures = {}
                for name, sql in (("day", DUE), ("card id", ID_ORDER)):
                    figures[name] = timings(db, room, sql, args.repeats, name == "day")
                    queue, to_last = figures[name]
                    print(f"{size:>7} {spread:>6} {name:>9} {queue:>9.1f} {to_last:>11.1f}")
                ratio = figures["day"][0] / figures["card id"][0]
                print(f"{size:>7} {spread:>6} {'ratio':>9} {ratio:>9.2f}")


if __name__ == "__main__":
    main()

"""What the everyday controls add to a review, measured at several collection sizes.

    uv run python tests/benchmarks/bench_everyday.py --sizes 1000,10000,100000 --repeats 5

Prints medians (milliseconds) of:
- the check for deck files changed in another window, run after every grade (nothing changed);
- today's queue with per-deck limits in the config, beside the same queue without them;
- the grade bar's interval preview for the card shown;
- what a new note is checked against (note ids, deck files), read from the store;
- adding one note to the first deck file (validate, append, read back), 1,000 or 10,000 notes.
It measures; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.decks.authoring import Draft, InUse, add_note  # noqa: E402
from cards.schedule.deck_limits import DeckLimit  # noqa: E402
from cards.schedule.preview import next_intervals  # noqa: E402
from cards.schedule.queue import Limits  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.synthetic import TODAY, write_decks  # noqa: E402


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench(notes: int, repeats: int) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        paths = write_decks(folder / "decks", notes)
        with Store.open(folder / "bench.sqlite3", Limits()) as store:
            store.sync(paths)
            names = list(store.card_totals())
            capped = store.with_limits(
                Limits(decks=tuple(DeckLimit(name, new_per_day=1) for name in names[:5]))
            )
            in_use = InUse(*store.notes_in_use())
            rows_in_use = (
                "what a new note is checked against",
                median_ms(store.notes_in_use, repeats),
            )
            card_id = store.queue(TODAY)[0].card_id
            state = store.state(card_id)
            assert state is not None
            rows = [
                ("changed-file check after a grade", median_ms(lambda: store.sync(paths), repeats)),
                ("queue, global limits only", median_ms(lambda: store.queue(TODAY), repeats)),
                ("queue, 5 decks limited", median_ms(lambda: capped.queue(TODAY), repeats)),
                (
                    "interval preview",
                    median_ms(lambda: next_intervals(state.schedule, TODAY, drill=False), repeats),
                ),
                rows_in_use,
            ]
        if notes >= 10_000:
            deck = in_use.deck_files[0][0]
            counter = iter(range(10**6))

            def add_one() -> None:
                number = next(counter)
                draft = Draft(deck, "basic", {"front": f"q{number}", "back": "a"}, None, (), None)
                add_note(draft, in_use, folder / "decks")

            rows.append(("add one note to a large deck file", median_ms(add_one, repeats)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="collection sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for notes in (int(size) for size in args.sizes.split(",")):
        for what, ms in bench(notes, args.repeats):
            print(f"{notes:>7} notes  {what:<36} {ms:8.2f} ms")


if __name__ == "__main__":
    main()

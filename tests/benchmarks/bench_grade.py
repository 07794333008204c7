"""A grade in review: from the grade key to the next card painted.

    uv run python tests/benchmarks/bench_grade.py --sizes 10000,100000 --grades 20

For each size it builds a synthetic collection with a review history, opens the app straight
into review (headless, through Textual's pilot), and for each of `--grades` cards reveals the
answer, then times the grade key until the first paint that shows the next card at its question
(each paint records what it showed, so a later paint is never mistaken for it). It prints the
median, the 90th percentile and the slowest on the wall clock, and the median processor time of
the app's own thread over the same span (which a busy machine sways less); and the app thread's
processor time for a whole card, from its reveal key until what runs after the next card's paint
(the footer, for one) has run, which a span ending at the paint would not see. First it times the
same moment in a bare Textual app (a key that changes one line of text, to its paint), the
baseline the ratio is taken against; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import RenderableType  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from cards.store.store import Store  # noqa: E402
from tests.benchmarks.bench_screens import until  # noqa: E402
from tests.benchmarks.synthetic import TODAY, add_history, write_decks  # noqa: E402
from tui.app.app import FlywheelApp, make_app  # noqa: E402
from tui.app.screens.review import ReviewScreen  # noqa: E402


class BareApp(App[None]):
    """A line of text that each key changes: the least a Textual app does from key to paint."""

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")

    def on_key(self) -> None:
        line = self.query_one("#count", Static)
        line.update(str(int(str(line.content)) + 1))


@dataclass(frozen=True)
class Paint:
    """One update that reached the display: when (wall clock and this thread's processor
    time), and what it showed."""

    moment: float
    thread_time: float
    shown: Hashable


def record_paints(app: App[Any], showing: Callable[[], Hashable]) -> list[Paint]:
    """Each update that reaches the display (headless, it is not written out), with `showing()`
    at that moment, so a key's timing ends at the paint of its own change, not at a later one."""
    paints: list[Paint] = []
    display = app._display

    def recorded(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            paints.append(Paint(time.perf_counter(), time.thread_time(), showing()))
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    return paints


@dataclass(frozen=True)
class KeyTiming:
    """From a key to the first paint of what it changed."""

    seconds: float
    thread_seconds: float


async def time_key(
    pilot: Pilot[Any], paints: list[Paint], key: str, changed: Callable[[Hashable], bool]
) -> KeyTiming:
    """Press `key` and wait for the first paint whose shown state `changed` accepts."""
    start, start_thread = time.perf_counter(), time.thread_time()
    await pilot.press(key)
    while not (
        hits := [paint for paint in paints if paint.moment > start and changed(paint.shown)]
    ):
        await pilot.pause(0.001)
    return KeyTiming(hits[0].moment - start, hits[0].thread_time - start_thread)


async def time_bare_keys(keys: int) -> list[KeyTiming]:
    """From a key to the paint of its change, in the bare app."""
    app = BareApp()
    paints = record_paints(app, lambda: str(app.query_one("#count", Static).content))
    timings: list[KeyTiming] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for number in range(1, keys + 1):
            await pilot.pause()
            timings.append(await time_key(pilot, paints, "4", str(number).__eq__))
    return timings


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def on_review(app: FlywheelApp) -> Hashable:
    """The card the review shows and whether its answer is revealed."""
    screen = app.screen
    if not isinstance(screen, ReviewScreen):
        return None
    current = screen.session.current
    return (current.card_id if current else None, screen.revealed)


SETTLE_SECONDS = 0.05
"""How long after the next card's paint a card's work (the footer, the deck-file check) is let
run before its processor time is read: three frames."""


async def time_grades(app: FlywheelApp, grades: int) -> tuple[list[KeyTiming], list[float]]:
    """From each grade key to the first paint that shows the next card at its question; and
    the app thread's processor time for each whole card, from its reveal key until what runs
    after the next card's paint has run."""
    paints = record_paints(app, partial(on_review, app))
    timings: list[KeyTiming] = []
    per_card: list[float] = []
    pilot: Pilot[str | None]
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await until(pilot, lambda: not screen.syncing and screen.session.current is not None)
        for _ in range(grades):
            before = screen.session.current
            if before is None:
                break
            card_start = time.thread_time()
            await pilot.press("space")
            await until(pilot, lambda: screen.revealed)
            await pilot.pause()
            shown_next = partial(next_card_shown, before.card_id)
            timings.append(await time_key(pilot, paints, "4", shown_next))
            await pilot.pause(SETTLE_SECONDS)
            per_card.append(time.thread_time() - card_start)
    return timings, per_card


def next_card_shown(before: str, shown: Hashable) -> bool:
    """A paint of the review at another card's question than `before`."""
    return isinstance(shown, tuple) and shown[0] != before and not shown[1]


def row(collection: str, what: str, timings: list[KeyTiming], bare_ms: float | None) -> str:
    seconds = [timing.seconds for timing in timings]
    median = statistics.median(seconds) * 1000
    ratio = f" ({median / bare_ms:.1f}x)" if bare_ms else ""
    thread_ms = statistics.median(timing.thread_seconds for timing in timings) * 1000
    return (
        f"| {collection} | {what} | {median:.1f} ms{ratio} "
        f"| {percentile(seconds, 0.9) * 1000:.1f} ms | {max(seconds) * 1000:.1f} ms "
        f"| {thread_ms:.1f} ms | {len(timings)} |"
    )


def bench(size: int, grades: int, root: Path, bare_ms: float) -> None:
    paths = write_decks(root / f"decks-{size}", size)
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        store.sync(paths)
    log_rows = add_history(db, seed=size)
    with Store.open(db) as store:
        app = make_app(store, today=TODAY, deck_files=lambda: list(paths), start="review")
        timings, per_card = asyncio.run(time_grades(app, grades))
    collection = f"{size:,} notes, {log_rows:,} log rows"
    print(row(collection, "grade key to next card painted", timings, bare_ms), flush=True)
    card_ms = statistics.median(per_card) * 1000
    print(
        f"|  | app thread per card, reveal key to settled after the next paint | | | "
        f"| {card_ms:.1f} ms | {len(per_card)} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated note counts")
    parser.add_argument("--grades", type=int, default=20, help="cards graded per size")
    args = parser.parse_args()
    print(
        "| collection | what | median (x bare) | p90 | slowest | median main-thread CPU | keys |\n"
        "|---|---|---:|---:|---:|---:|---:|"
    )
    bare = asyncio.run(time_bare_keys(max(args.grades, 20)))
    bare_ms = statistics.median(timing.seconds for timing in bare) * 1000
    print(row("bare Textual app", "key to its change painted", bare, None), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(part) for part in args.sizes.split(",")):
            bench(size, args.grades, Path(scratch), bare_ms)


if __name__ == "__main__":
    main()

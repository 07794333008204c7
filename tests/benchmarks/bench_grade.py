"""A grade in review: from the grade key to the next card painted.

    uv run python tests/benchmarks/bench_grade.py --sizes 10000,100000 --grades 20

For each size it builds a synthetic collection with a review history, opens the app straight
into review (headless, through Textual's pilot), and for each of `--grades` cards reveals the
answer, then times the grade key until the next card is on screen and painted. It prints the
median, the 90th percentile and the slowest on the wall clock, and the median processor time
(which a busy machine sways less). First it times the same moment in a bare Textual app (a key
that changes one line of text, to its paint), the baseline the ratio is taken against; it passes
or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import RenderableType  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from cards.schedule.queue import QueueItem  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.bench_screens import record_paints, until  # noqa: E402
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


def record_bare_paints(app: BareApp) -> list[float]:
    """When each update of the bare app reaches the display (headless, not written out)."""
    paints: list[float] = []
    display = app._display

    def recorded(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            paints.append(time.perf_counter())
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    return paints


async def time_bare_keys(keys: int) -> list[float]:
    """Seconds from a key to the paint of its change, in the bare app."""
    app = BareApp()
    paints = record_bare_paints(app)
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(keys):
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("4")
            while not any(moment > start for moment in paints):
                await pilot.pause(0.001)
            timings.append(next(moment for moment in paints if moment > start) - start)
    return timings


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def next_card_shown(screen: ReviewScreen, before: QueueItem) -> bool:
    return not screen.revealed and screen.session.current != before


def painted_after(paints: list[tuple[float, Screen[object]]], moment: float) -> bool:
    return any(painted > moment for painted, _ in paints)


async def time_grades(app: FlywheelApp, grades: int) -> tuple[list[float], list[float]]:
    """Seconds from each grade key to the first paint that shows the next card: on the wall
    clock, and of this process's processor time (less swayed by a busy machine)."""
    paints = record_paints(app)
    timings: list[float] = []
    cpu: list[float] = []
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
            await pilot.press("space")
            await until(pilot, lambda: screen.revealed)
            await pilot.pause()
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press("4")
            await until(pilot, partial(next_card_shown, screen, before))
            shown = time.perf_counter()
            await until(pilot, partial(painted_after, paints, shown))
            painted = next(moment for moment, _ in paints if moment > shown)
            timings.append(painted - start)
            cpu.append(time.process_time() - start_cpu)
    return timings, cpu


def bench(size: int, grades: int, root: Path, bare_ms: float) -> None:
    paths = write_decks(root / f"decks-{size}", size)
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        store.sync(paths)
    log_rows = add_history(db, seed=size)
    with Store.open(db) as store:
        app = make_app(store, today=TODAY, deck_files=lambda: list(paths), start="review")
        timings, cpu = asyncio.run(time_grades(app, grades))
    median, slowest = statistics.median(timings) * 1000, max(timings) * 1000
    p90 = percentile(timings, 0.9) * 1000
    print(
        f"| {size:,} notes, {log_rows:,} log rows | grade key to next card painted "
        f"| {median:.1f} ms ({median / bare_ms:.1f}x) | {p90:.1f} ms | {slowest:.1f} ms "
        f"| {statistics.median(cpu) * 1000:.1f} ms | {len(timings)} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated note counts")
    parser.add_argument("--grades", type=int, default=20, help="cards graded per size")
    args = parser.parse_args()
    print(
        "| collection | what | median (x bare) | p90 | slowest | median processor time | keys |\n"
        "|---|---|---:|---:|---:|---:|---:|"
    )
    bare = asyncio.run(time_bare_keys(max(args.grades, 20)))
    bare_ms = statistics.median(bare) * 1000
    print(
        f"| bare Textual app | key to its change painted | {bare_ms:.1f} ms (1.0x) "
        f"| {percentile(bare, 0.9) * 1000:.1f} ms | {max(bare) * 1000:.1f} ms | | {len(bare)} |",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(part) for part in args.sizes.split(",")):
            bench(size, args.grades, Path(scratch), bare_ms)


if __name__ == "__main__":
    main()

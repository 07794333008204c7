"""Opening the stats and browse screens at scale: from the key to the screen painted, and to its
figures or rows in place; then, in browse, a jump to the last row and a search.

    uv run python tests/benchmarks/bench_screens.py --sizes 100000 --repeats 5

For each size it builds a synthetic collection with a review history, opens the app on the home
screen (headless, through Textual's pilot) and times, for `s` and `b`: the key until the screen
is on top and painted with its placeholder (the target, 150 ms), and until the worker's figures or
rows are drawn. In browse it then times End until the last row is painted under the cursor, and
the last key of a search until its answer is painted, beside a bare Textual app's key to paint
in the same run (the floor of any key). It prints medians; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import RenderableType  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import BindingType  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

from cards.store.store import Store  # noqa: E402
from tests.benchmarks.synthetic import TODAY, add_history, write_decks  # noqa: E402
from tui.app.app import FlywheelApp, make_app  # noqa: E402
from tui.app.screens.browse import BrowseScreen  # noqa: E402
from tui.app.screens.home import HomeScreen  # noqa: E402
from tui.app.widgets.browse_list import BrowseList  # noqa: E402

TARGET_MS = 150
SEARCHES = ("amazon", "플라이휠 집착", "is:due", "deck:03 is:new")
"""A word, a state and a deck with a state; each search typed key by key."""


async def until(pilot: Pilot[str | None], ready: object) -> None:
    """Let the app run until `ready()` holds (polled between refreshes)."""
    assert callable(ready)
    while not ready():
        await pilot.pause(0.001)


def record_paints(app: FlywheelApp) -> list[tuple[float, Screen[object]]]:
    """When each screen update reaches the display (headless, it is not written out)."""
    paints: list[tuple[float, Screen[object]]] = []
    display = app._display

    def recorded(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            paints.append((time.perf_counter(), screen))
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    return paints


def stats_drawn(screen: Screen[object]) -> bool:
    return getattr(screen, "stats", None) is not None


def browse_listed(screen: Screen[object]) -> bool:
    """Every row reachable: the search answered, the list holding every matching card."""
    return isinstance(screen, BrowseScreen) and not screen.searching and bool(screen.card_ids)


class Bare(App[None]):
    """A bare Textual app: one key changes one line."""

    BINDINGS: ClassVar[list[BindingType]] = [("x", "count", "Count")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")

    def action_count(self) -> None:
        self.count += 1
        self.query_one("#count", Static).update(str(self.count))


async def bare_key_to_paint(repeats: int) -> list[float]:
    app = Bare()
    paints = record_paints(app)  # type: ignore[arg-type]
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(repeats):
            start = time.perf_counter()
            await pilot.press("x")
            times.append(await painted_after(pilot, paints, start) - start)
    return times


async def painted_after(
    pilot: Pilot[Any], paints: list[tuple[float, Screen[object]]], moment: float
) -> float:
    """The first paint after `moment`, waiting for it."""
    await until(pilot, lambda: any(when > moment for when, _ in paints))
    return next(when for when, _ in paints if when > moment)


async def latest_paint(
    pilot: Pilot[Any], paints: list[tuple[float, Screen[object]]], start: float
) -> float:
    """The last paint since `start` once the screen has settled: the change a key made may be
    painted before the wait for it notices, so the paint is looked back for, not waited on."""
    await pilot.pause()
    await until(pilot, lambda: any(when > start for when, _ in paints))
    return max(when for when, _ in paints if when > start)


async def browse_keys(app: FlywheelApp, query: str) -> tuple[float, float, int]:
    """(End to the last row painted, a search's last key to its answer painted, matches)."""
    paints = record_paints(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        await pilot.press("b")
        await until(pilot, lambda: browse_listed(app.screen))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        listing = screen.query_one(BrowseList)
        last = len(listing.card_ids) - 1
        start = time.perf_counter()
        await pilot.press("end")
        await until(pilot, lambda: listing.cursor == last)
        end_ms = await latest_paint(pilot, paints, start) - start
        await pilot.press("slash", *query[:-1])
        await until(pilot, lambda: not screen.searching)
        start = time.perf_counter()
        await pilot.press(query[-1])
        await until(pilot, lambda: not screen.searching)
        search_ms = await latest_paint(pilot, paints, start) - start
        return end_ms, search_ms, len(screen.card_ids)


async def open_and_time(
    app: FlywheelApp, key: str, loaded: Callable[[Screen[object]], bool]
) -> tuple[float, float]:
    """(key to painted, key to loaded) in seconds, for the screen `key` opens."""
    paints = record_paints(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        home = app.screen
        start = time.perf_counter()
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not home and loaded(app.screen))
        await pilot.pause()
        done = time.perf_counter() - start
        painted = next(moment for moment, screen in paints if moment > start and screen is not home)
        return painted - start, done


def bench(size: int, repeats: int, root: Path, screens_too: bool = True) -> None:
    paths = write_decks(root / f"decks-{size}", size)
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        store.sync(paths)
    log_rows = add_history(db, seed=size)
    print(f"# {size:,} notes, {log_rows:,} log rows", flush=True)
    screens = (
        ("s", "stats", "figures drawn", stats_drawn),
        ("b", "browse", "every row listed", browse_listed),
    )
    for key, name, what, loaded in screens if screens_too else ():
        painted, done = [], []
        for _ in range(repeats + 1):  # the first run also imports the screen's modules
            with Store.open(db) as store:
                app = make_app(store, today=TODAY, deck_files=lambda: list(paths))
                first, second = asyncio.run(open_and_time(app, key, loaded))
            painted.append(first)
            done.append(second)
        cold, warm = painted[0] * 1000, statistics.median(painted[1:]) * 1000
        print(
            f"| {size:,} | {name}: key to painted | {warm:.0f} ms (first open {cold:.0f} ms) "
            f"| <= {TARGET_MS} ms: {'ok' if max(cold, warm) <= TARGET_MS else 'MISSED'} |"
        )
        done_ms = statistics.median(done) * 1000
        print(f"| {size:,} | {name}: key to {what} | {done_ms:.0f} ms | |")
    bare = statistics.median(asyncio.run(bare_key_to_paint(repeats * 4))) * 1000
    print(f"| - | bare Textual app: key to painted | {bare:.1f} ms | |")
    for query in SEARCHES:
        ends, searches = [], []
        for _ in range(repeats):
            with Store.open(db) as store:
                app = make_app(store, today=TODAY, deck_files=lambda: list(paths))
                end, search, matches = asyncio.run(browse_keys(app, query))
            ends.append(end)
            searches.append(search)
        end_ms, search_ms = statistics.median(ends) * 1000, statistics.median(searches) * 1000
        if query == SEARCHES[0]:
            print(
                f"| {size:,} | browse: End to the last row painted | {end_ms:.0f} ms "
                f"({end_ms / bare:.1f}x bare) | <= 1000 ms |"
            )
        print(
            f"| {size:,} | browse: search `{query}`, last key to {matches:,} matches painted "
            f"| {search_ms:.0f} ms ({search_ms / bare:.1f}x bare) | <= 200 ms |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated note counts")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per screen")
    parser.add_argument(
        "--browse-keys-only", action="store_true", help="skip opening stats and browse by key"
    )
    args = parser.parse_args()
    print("| notes | what | median | target |\n|---:|---|---:|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(part) for part in args.sizes.split(",")):
            bench(size, args.repeats, Path(scratch), not args.browse_keys_only)


if __name__ == "__main__":
    main()

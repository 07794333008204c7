"""`flywheel compare` on a large review history, beside `flywheel stats --json` on the same one.

    uv run python tests/benchmarks/bench_compare.py --notes 10000 --repeats 3

A synthetic collection of `--notes` notes with about ten answers a reviewed note (about 90,000
answers at 10,000 notes). Prints the medians (wall-clock and CPU seconds) of the whole
`compare --json` process, of its parts in process (reading the log, fitting FSRS, its forecasts,
the workload simulation), and of `stats --json` as the baseline; then, in the app (headless), the
time from `s` to the stats screen's figures and to its calibration chart. It measures; it passes
or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fsrs.scheduler import DEFAULT_PARAMETERS  # noqa: E402

from cards.compare.comparison import compare  # noqa: E402
from cards.compare.events import read_history  # noqa: E402
from cards.compare.fitting import fit_parameters  # noqa: E402
from cards.compare.predictions import fsrs_predictions  # noqa: E402
from cards.schedule.queue import Limits  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.synthetic import TODAY, add_history, write_decks  # noqa: E402
from tui.app.app import FlywheelApp, make_app  # noqa: E402
from tui.app.screens.home import HomeScreen  # noqa: E402


def median_s(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (this process's threads and its children's): on a
    shared machine the CPU time says what the work costs, the wall time what it took."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), _cpu()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def command(env: dict[str, str], *args: str) -> Callable[[], object]:
    def run() -> None:
        subprocess.run(
            [sys.executable, "-m", "tui.commands.cli", *args],
            env=env,
            check=True,
            capture_output=True,
        )

    return run


async def _open_stats(app: FlywheelApp) -> tuple[float, float]:
    """Seconds from `s` on the home screen to the stats figures drawn, and to the calibration
    chart drawn."""
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, HomeScreen):
            await pilot.pause(0.001)
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("s")
        figures = chart = 0.0
        while not (figures and chart):
            await pilot.pause(0.001)
            screen: Any = app.screen
            if not figures and getattr(screen, "stats", None) is not None:
                figures = time.perf_counter() - start
            if not chart and screen.query("#calibration-chart"):
                chart = time.perf_counter() - start
        return figures, chart


def stats_chart(database: Path, decks: list[Path], repeats: int) -> list[tuple[str, float]]:
    """Seconds to the stats screen's figures and to its calibration chart: at the first open
    (the forecasts worked out) and the median of the opens after (kept while the log stands)."""
    figures, charts = [], []
    for _ in range(repeats + 1):
        with Store.open(database) as store:
            app = make_app(store, today=TODAY, deck_files=lambda: list(decks))
            first, second = asyncio.run(_open_stats(app))
        figures.append(first)
        charts.append(second)
    return [
        ("stats screen, first open: figures drawn", figures[0]),
        ("stats screen, first open: calibration chart", charts[0]),
        ("stats screen, opened again: figures drawn", statistics.median(figures[1:])),
        ("stats screen, opened again: calibration chart", statistics.median(charts[1:])),
    ]


def bench(notes: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        write_decks(folder / "decks", notes)
        database = folder / "bench.sqlite3"
        with Store.open(database, Limits()) as store:
            store.sync(sorted((folder / "decks").glob("*.toml")))
        answers = add_history(database, seed=notes)
        config = folder / "config.toml"
        config.write_text("builtin_decks = false\n")
        env = {
            **os.environ,
            "FLYWHEEL_DB": str(database),
            "FLYWHEEL_DECKS": str(folder / "decks"),
            "FLYWHEEL_CONFIG": str(config),
            "FLYWHEEL_TODAY": TODAY.isoformat(),
        }
        command(env, "stats", "--json")()  # the first run syncs and caches the config
        connection = sqlite3.connect(database)
        history = read_history(connection)
        half = history.reviews[: len(history.reviews) // 2]
        rows = [
            ("compare --json, whole process", median_s(command(env, "compare", "--json"), repeats)),
            (
                "stats --json, whole process (baseline)",
                median_s(command(env, "stats", "--json"), repeats),
            ),
            ("reading the log", median_s(lambda: read_history(connection), repeats)),
            (
                "fitting FSRS on half the reviews",
                median_s(lambda: fit_parameters(history, half), repeats),
            ),
            (
                "FSRS forecasts of every review (fsrs-rs)",
                median_s(lambda: fsrs_predictions(history, DEFAULT_PARAMETERS), repeats),
            ),
            (
                "comparison without the workload",
                median_s(lambda: compare(connection, TODAY, workload=False), repeats),
            ),
            ("comparison with the workload", median_s(lambda: compare(connection, TODAY), repeats)),
        ]
        connection.close()
        decks = sorted((folder / "decks").glob("*.toml"))
        screens = stats_chart(database, decks, repeats)
        print(f"{notes} notes, {answers} answers, {len(history.reviews)} scored reviews")
        print(f"  {'':<42} {'wall':>7}   {'CPU':>7}")
        for name, (wall, cpu) in rows:
            print(f"  {name:<42} {wall:7.2f} s {cpu:7.2f} s")
        for name, wall in screens:
            print(f"  {name:<42} {wall:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    bench(args.notes, args.repeats)


if __name__ == "__main__":
    main()

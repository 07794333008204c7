"""What the formulation warnings cost: `flywheel check` with and without them, and the lint of
one deck file beside reading it, on synthetic decks (the same as bench_scale.py builds).

    uv run python tests/benchmarks/bench_lint.py --notes 1000,10000 --repeats 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.decks.lint import lint_deck  # noqa: E402
from cards.decks.lint_settings import LintSettings  # noqa: E402
from cards.decks.loading import read_deck  # noqa: E402
from tests.benchmarks.synthetic import write_decks  # noqa: E402


def timed(action: object, repeats: int) -> float:
    """Median seconds of `repeats` calls of `action`."""
    assert callable(action)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check_seconds(folder: Path, lint: bool, work: Path, repeats: int) -> float:
    config = work / "config.toml"
    config.write_text("" if lint else "[lint]\nmax_notes = 0\n", "utf-8")
    env = {
        **os.environ,
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DB": str(work / "db.sqlite3"),
        "FLYWHEEL_DECKS": str(work / "none"),
    }
    command = [sys.executable, "-m", "tui.commands.cli", "check", str(folder)]
    return timed(lambda: subprocess.run(command, env=env, capture_output=True), repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", default="1000,10000", help="collection sizes (10 files each)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    settings = LintSettings()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for notes in (int(size) for size in args.notes.split(",")):
            folder = work / f"n{notes}"
            folder.mkdir()
            paths = write_decks(folder, notes)
            deck_file, _ = read_deck(paths[0])
            assert deck_file is not None
            count = len(deck_file.deck.notes)
            first, deck = paths[0], deck_file.deck
            read = timed(lambda: read_deck(first), args.repeats)  # noqa: B023 (used at once)
            lint = timed(lambda: lint_deck(first, deck, settings), args.repeats)  # noqa: B023
            on = check_seconds(folder, True, work, args.repeats)
            off = check_seconds(folder, False, work, args.repeats)
            print(
                f"{notes:>7,} notes in {len(paths)} files | one file of {count:,} notes: "
                f"read {read * 1000:.0f} ms, lint {lint * 1000:.0f} ms | "
                f"check: {on:.2f} s with the lint, {off:.2f} s without ({on / off:.1f}x)"
            )


if __name__ == "__main__":
    main()

"""Benchmark: `flywheel import` of a package of 10,000 synthetic notes, every card reviewed.

Run by hand (pytest does not collect it):

    uv run python tests/benchmarks/bench_import.py [--notes 10000] [--repeats 3]

The package is Flywheel's own export of the export benchmark's notes with six answers a card;
each run imports it into a fresh folder and database (Anki reads it, the deck files are written,
synced, and the schedules and history stored). The baseline is Anki alone importing the same
package into a new collection, which every run pays first. The import's peak resident memory
(the child process's maximum RSS) is printed too.
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

from cards.anki.export import export_apkg  # noqa: E402
from tests.benchmarks.bench_export import reviewed  # noqa: E402
from tests.benchmarks.export_decks import synthetic_decks  # noqa: E402


def anki_alone(package: Path, folder: Path) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    collection = Collection(str(folder / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        collection.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package), options=options)
        )
    finally:
        collection.close()


LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = process.stderr.read()
_, status, usage = os.wait4(process.pid, 0)
if os.waitstatus_to_exitcode(status):
    raise SystemExit(errors.decode())
print(usage.ru_maxrss)
"""
"""Starts the import from a small process of its own: a child's peak memory counts the memory
of the process it was started from (Linux keeps the high-water mark across `exec`), and this
benchmark's own process holds the whole synthetic collection."""


def flywheel_import(package: Path, folder: Path) -> int:
    """Import in a child process; returns its peak resident memory in bytes."""
    env = {
        **os.environ,
        "FLYWHEEL_DB": str(folder / "db.sqlite3"),
        "FLYWHEEL_CONFIG": str(folder / "config.toml"),
        "FLYWHEEL_DECKS": str(folder / "decks"),
        "PYTHONPATH": str(ROOT),
    }
    (folder / "config.toml").write_text("builtin_decks = false\n", encoding="utf-8")
    command = [sys.executable, "-m", "tui.commands.cli", "import", str(package)]
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return int(result.stdout) * 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    decks = synthetic_decks(args.notes)
    schedules = reviewed(decks)
    with tempfile.TemporaryDirectory() as scratch:
        package = Path(scratch) / "bench.apkg"
        export_apkg(decks, package, timestamp=1_700_000_000, schedules=schedules)
        wall: dict[str, list[float]] = {"flywheel import": [], "Anki alone": []}
        peaks: list[int] = []
        for run in range(args.repeats):
            for name in wall:
                folder = Path(scratch) / f"{name.split()[0]}-{run}"
                folder.mkdir()
                start = time.perf_counter()
                if name == "Anki alone":
                    anki_alone(package, folder)
                else:
                    peaks.append(flywheel_import(package, folder))
                wall[name].append(time.perf_counter() - start)
    cards = len(schedules.cards)
    print(f"{args.notes} notes, {cards} cards reviewed, median of {args.repeats} runs")
    for name, values in wall.items():
        print(f"{name:16} {statistics.median(values):7.2f}s (min {min(values):.2f}s)")
    ratio = statistics.median(wall["flywheel import"]) / statistics.median(wall["Anki alone"])
    print(f"ratio {ratio:.2f}x")
    print(f"flywheel import peak memory: {statistics.median(peaks) / 2**20:.0f} MB (median)")


if __name__ == "__main__":
    main()

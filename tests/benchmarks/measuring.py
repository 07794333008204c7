"""What the scale benchmark measures with: wall time, peak memory of a subprocess, the floor of a
durable commit, answer latencies and their p99, and a deck file reworded so sync must read it."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from cards.schedule.queue import Limits
from cards.store.settings_cache import settled_by
from cards.store.store import Store
from tests.benchmarks.synthetic import FILES, TODAY, copy_db, deck_text


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def children_cpu() -> float:
    """CPU seconds (user and system) of every child process waited for so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def cpu_timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall seconds of `action` and the CPU seconds of the child processes it waited for: on a
    loaded machine the CPU time holds still where the wall time waits for a core."""
    cpu, start = children_cpu(), time.perf_counter()
    action()
    return time.perf_counter() - start, children_cpu() - cpu


def run_quiet(command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> None:
    done = subprocess.run(command, env=env, capture_output=True)
    if done.returncode not in ok:
        raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr.decode()[-2000:]}")


MAX_RSS_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
if done.returncode:
    sys.exit(done.stderr.decode()[-2000:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

SESSION = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from cards.decks.folders import deck_paths
from cards.store.store import Store
today = date.fromisoformat(sys.argv[4])
with Store.open(Path(sys.argv[2])) as store:
    store.sync(deck_paths([Path(sys.argv[3])]))
    queue = store.queue(today)
    card = store.card(queue[0].card_id)
    assert card is not None and (card.front("en") or card.front("ko"))
    store.answer(queue[0].card_id, 4, today, datetime.now(UTC))
"""


def max_rss_mb(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of `command`, from a fresh wrapper's RUSAGE_CHILDREN."""
    out = subprocess.run(
        [sys.executable, "-c", MAX_RSS_WRAPPER, *command], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(out.stderr)
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def durable_commit_floor(folder: Path, count: int) -> list[float]:
    """One-row transactions with WAL and synchronous=FULL: what any durable answer costs."""
    path = folder / "floor.sqlite3"
    copy = sqlite3.connect(path, isolation_level=None)
    copy.execute("PRAGMA journal_mode = WAL")
    copy.execute("PRAGMA synchronous = FULL")
    copy.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for number in range(count):
        start = time.perf_counter()
        copy.execute("BEGIN IMMEDIATE")
        copy.execute("INSERT INTO t (v) VALUES (?)", (f"row {number}",))
        copy.execute("COMMIT")
        times.append(time.perf_counter() - start)
    copy.close()
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def answer_latencies(base_db: Path, folder: Path, paths: list[Path], wanted: int) -> list[float]:
    """Store.answer on the head of today's queue, as a review session does, until `wanted`."""
    grades = [5, 4, 4, 3, 4, 2, 5, 4, 1, 4]
    latencies: list[float] = []
    rounds = 0
    while len(latencies) < wanted and rounds < 20:
        rounds += 1
        db = copy_db(base_db, folder / "answer.sqlite3")
        with Store.open(db, Limits()) as store:
            store.sync(paths)
            for number in range(wanted):
                queue = store.queue(TODAY)
                if not queue:
                    break
                grade = grades[number % len(grades)]
                now = datetime.now(UTC)
                card_id = queue[0].card_id
                start = time.perf_counter()
                store.answer(card_id, grade, TODAY, now)
                latencies.append(time.perf_counter() - start)
                if len(latencies) >= wanted:
                    break
    return latencies


def bump_file(path: Path, size: int, round_: int) -> None:
    """Rewrite one deck file with different wording (same ids), so sync must parse it."""
    count = len([line for line in path.read_text("utf-8").splitlines() if line == "[[notes]]"])
    index = int(path.stem.removeprefix("deck"))
    first = index * (size // FILES)
    path.write_text(deck_text(index, count, first, seed=size, marker=f"r{round_} "), "utf-8")


def settle(config: Path) -> None:
    """Wait until the config file is old enough for its validated settings to be cached (see
    `cards.store.settings_cache.settled_by`), as an everyday config file is."""
    time.sleep(max(0.0, settled_by(config.stat()) / 1e9 - time.time()) + 0.1)

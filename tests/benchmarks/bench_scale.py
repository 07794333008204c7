"""Speed at scale: queue, answer, sync, check and memory on 1k, 10k and 100k synthetic notes.

Run by hand (pytest does not collect it):

    uv run python tests/benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--repeats 5]
        [--answer-only] [--commands-only]

For each size it writes 10 deck files (bilingual English/Korean, basic, reverse and cloze notes of
realistic length), syncs them into a fresh database, then writes a review history straight into
SQLite (about 10 answers a note, each computed with `cards.schedule.sm2.review`, so `flywheel
doctor` would agree). Every figure is a median over `--repeats` runs (the answer latency is a p99
over at least 200 answers), printed beside a baseline measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.decks.loading import parse_toml  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.command_timing import FLYWHEEL, bench_commands  # noqa: E402
from tests.benchmarks.measuring import (  # noqa: E402
    SESSION,
    answer_latencies,
    bump_file,
    durable_commit_floor,
    max_rss_mb,
    p99,
    run_quiet,
    timed,
)
from tests.benchmarks.scale_report import Table, load_average, verdict  # noqa: E402
from tests.benchmarks.synthetic import (  # noqa: E402
    FILES,
    TODAY,
    add_history,
    copy_db,
    write_decks,
)
from tests.sql import run_sql  # noqa: E402


def bench_size(
    size: int,
    repeats: int,
    root: Path,
    table: Table,
    answers: int,
    bytecode_cache: bool,
    answer_only: bool = False,
    commands_only: bool = False,
) -> None:
    folder = root / f"decks-{size}"
    paths = write_decks(folder, size)
    config = root / "config.toml"
    config.write_text("builtin_decks = false\n", "utf-8")
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        cold = timed(lambda: store.sync(paths))
        ((notes, cards),) = run_sql(
            store, "SELECT (SELECT count(*) FROM note), (SELECT count(*) FROM card)"
        )
    start = time.perf_counter()
    log_rows = add_history(db, seed=size)
    built = time.perf_counter() - start
    print(
        f"# {size:,} notes: {notes:,} notes, {cards:,} cards, {log_rows:,} log rows; first sync "
        f"{cold:.1f} s, history written in {built:.1f} s",
        flush=True,
    )
    env = {
        **os.environ,
        "FLYWHEEL_DB": str(db),
        "FLYWHEEL_DECKS": str(folder),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_TODAY": TODAY.isoformat(),
    }
    if bytecode_cache:
        # As an installed program runs: from cached bytecode (kept in the scratch folder, so the
        # tree is not written to), even where PYTHONDONTWRITEBYTECODE is set.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")

    # 1. `flywheel due --json` and `flywheel answer`, decks unchanged since the last sync.
    base_cmd = [sys.executable, "-c", "import pydantic, sqlite3"]
    if not answer_only:
        bench_commands(size, repeats, table, env, root, db)
    if commands_only:
        return

    # 2. One answer, durable commit included.
    latencies = answer_latencies(db, root, paths, answers)
    floor = durable_commit_floor(root, len(latencies))
    ours_p99, floor_p99 = p99(latencies) * 1000, p99(floor) * 1000
    median_ms = statistics.median(latencies) * 1000
    table.add(
        size,
        f"Store.answer p99 ({len(latencies)} answers, median {median_ms:.1f} ms)",
        f"{ours_p99:.1f} ms",
        f"{floor_p99:.1f} ms (1-row durable commit)",
        f"{ours_p99 / floor_p99:.2f}x",
        f"p99 <= 3 ms: {verdict(ours_p99 <= 3)}",
    )
    if answer_only:
        return

    # 3. Sync after one deck file changed (a tenth of the notes).
    changed = paths[0]
    per_file = size // FILES
    sync_db = copy_db(db, root / "sync.sqlite3")
    sync_times, parse_times = [], []
    original, stat = changed.read_bytes(), changed.stat()
    with Store.open(sync_db) as store:
        store.sync(paths)
        for round_ in range(repeats):
            bump_file(changed, size, round_)
            sync_times.append(timed(lambda: store.sync(paths)))
            parse_times.append(timed(lambda: parse_toml(changed.read_text("utf-8"))))
    changed.write_bytes(original)  # as it was, so later steps find the decks unchanged
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    sync_t, parse_t = statistics.median(sync_times), statistics.median(parse_times)
    table.add(
        size,
        f"sync after one {per_file:,}-note file changed",
        f"{sync_t * 1000:.0f} ms",
        f"{parse_t * 1000:.0f} ms (parsing its TOML alone)",
        f"{sync_t / parse_t:.2f}x",
        f"<= 1 s{' (at 10k-note file)' if per_file != 10_000 else ''}: {verdict(sync_t <= 1)}",
    )

    # 4. `flywheel check` of every note.
    check_cmd = [str(FLYWHEEL), "check"]
    parse_cmd = [
        sys.executable,
        "-c",
        "import sys, rtoml\nfor p in sys.argv[1:]:\n    rtoml.load(open(p, encoding='utf-8'))",
        *map(str, paths),
    ]
    check_t = statistics.median(timed(lambda: run_quiet(check_cmd, env)) for _ in range(repeats))
    parse_all = statistics.median(timed(lambda: run_quiet(parse_cmd, env)) for _ in range(repeats))
    table.add(
        size,
        "`flywheel check` (all notes)",
        f"{check_t * 1000:.0f} ms",
        f"{parse_all * 1000:.0f} ms (python + rtoml parse alone)",
        f"{check_t / parse_all:.2f}x",
        f"<= 4 s: {verdict(check_t <= 4)}",
    )

    # 5. Peak memory of a review-like session (open, sync, queue, card, answer).
    rss, base_rss = [], []
    session_db = root / "session.sqlite3"
    for _ in range(repeats):
        copy_db(db, session_db)
        session = [
            sys.executable,
            "-c",
            SESSION,
            str(ROOT),
            str(session_db),
            str(folder),
            TODAY.isoformat(),
        ]
        rss.append(max_rss_mb(session, env))
        base_rss.append(max_rss_mb(base_cmd, env))
    mem, base_mem = statistics.median(rss), statistics.median(base_rss)
    table.add(
        size,
        "peak RSS, review-like session",
        f"{mem:.0f} MB",
        f"{base_mem:.0f} MB (import pydantic, sqlite3)",
        f"{mem / base_mem:.2f}x",
        f"<= 50 MB: {verdict(mem <= 50)}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--answers", type=int, default=250, help="answers timed (p99), >= 200")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="subprocesses compile every module from source (as with PYTHONDONTWRITEBYTECODE=1)",
    )
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (for profiling)")
    parser.add_argument(
        "--answer-only", action="store_true", help="build each collection, time Store.answer only"
    )
    parser.add_argument(
        "--commands-only",
        action="store_true",
        help="build each collection, time `due --json` and `answer` only",
    )
    args = parser.parse_args()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    cache = "off" if args.no_bytecode_cache else "on (PYTHONPYCACHEPREFIX in the scratch folder)"
    print(f"load average at the start: {load_average()}")
    print(f"nproc: {nproc}; repeats: {args.repeats}; medians unless noted; today {TODAY}")
    print(f"subprocess bytecode cache: {cache}")
    table = Table()
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="flywheel-scale-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(part) for part in args.sizes.split(",")):
            answers = max(200, args.answers)
            cache_on = not args.no_bytecode_cache
            bench_size(
                size,
                args.repeats,
                scratch,
                table,
                answers,
                cache_on,
                answer_only=args.answer_only,
                commands_only=args.commands_only,
            )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"load average at the end: {load_average()}")
    print()
    table.print()
    print()
    print(
        "note: cold start of the TUI (in tmux) is measured by tests/benchmarks/bench_startup.py, "
        "the Anki export by tests/benchmarks/bench_export.py."
    )


if __name__ == "__main__":
    main()

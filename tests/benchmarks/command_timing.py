"""The scale benchmark's whole-process commands: `due --json` and `answer` beside their
baselines, in wall and processor time."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path

from tests.benchmarks.measuring import cpu_timed, run_quiet, settle
from tests.benchmarks.scale_report import Table, verdict
from tests.benchmarks.synthetic import copy_db

FLYWHEEL = Path(sys.executable).parent / "flywheel"
BASELINE = "import pydantic, sqlite3"


def bench_commands(
    size: int, repeats: int, table: Table, env: dict[str, str], root: Path, db: Path
) -> None:
    """`flywheel due --json` against a bare interpreter importing Pydantic and SQLite, and
    `flywheel answer` (whole process, on a copy of the collection) against `due`, interleaved."""
    settle(Path(env["FLYWHEEL_CONFIG"]))
    due_cmd = [str(FLYWHEEL), "due", "--json"]
    base_cmd = [sys.executable, "-c", BASELINE]
    answer_env = {**env, "FLYWHEEL_DB": str(copy_db(db, root / "answers.sqlite3"))}
    listed = subprocess.run(due_cmd, env=answer_env, capture_output=True, check=True).stdout
    card_ids = iter([item["id"] for item in json.loads(listed)])
    run_quiet(base_cmd, env)
    run_quiet(due_cmd, env)
    due_t, base_t, answer_t = [], [], []
    for _ in range(repeats):
        due_t.append(cpu_timed(lambda: run_quiet(due_cmd, env)))
        base_t.append(cpu_timed(lambda: run_quiet(base_cmd, env)))
        answer_t.append(
            cpu_timed(
                partial(run_quiet, [str(FLYWHEEL), "answer", next(card_ids), "4"], answer_env)
            )
        )
    due, base, answer = (statistics.median(t[0] for t in ts) for ts in (due_t, base_t, answer_t))
    due_cpu, base_cpu, answer_cpu = (
        statistics.median(t[1] for t in ts) for ts in (due_t, base_t, answer_t)
    )
    rows = (
        ("`flywheel due --json` (warm)", due, base, BASELINE, 1.0),
        ("`flywheel due --json`, CPU time", due_cpu, base_cpu, BASELINE, 1.0),
        ("`flywheel answer CARD 4` (whole process)", answer, due, "`flywheel due --json`", 1.2),
        ("`flywheel answer CARD 4`, CPU time", answer_cpu, due_cpu, "`flywheel due --json`", 1.2),
    )
    for what, ours, baseline, named, target in rows:
        table.add(
            size,
            what,
            f"{ours * 1000:.0f} ms",
            f"{baseline * 1000:.0f} ms ({named})",
            f"{ours / baseline:.2f}x",
            f"<= {target}x: {verdict(ours <= target * baseline)}",
        )

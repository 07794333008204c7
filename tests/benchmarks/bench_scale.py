"""Speed at scale: queue, answer, sync, check and memory on 1k, 10k and 100k synthetic notes.

Run by hand (pytest does not collect it):

    uv run python tests/benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--repeats 5]

For each size it writes 10 deck files (bilingual English/Korean, basic, reverse and cloze notes of
realistic length), syncs them into a fresh database, then writes a review history straight into
SQLite (about 10 answers a note, each computed with `cards.sm2.review`, so `flywheel doctor`
would agree). Every figure is a median over `--repeats` runs (the answer latency is a p99 over at
least 200 answers), printed beside a baseline measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards import sm2  # noqa: E402
from cards.decks import deck_paths, parse_toml  # noqa: E402
from cards.queue import Limits  # noqa: E402
from cards.store import Store  # noqa: E402

FLYWHEEL = Path(sys.executable).parent / "flywheel"
TODAY = date(2026, 1, 15)
FILES = 10
LOG_ROWS_PER_NOTE = 10
NEW_SHARE = 0.1  # notes never reviewed
DUE_TODAY = 150  # reviews due today, about

EN_TEXT = (
    "Amazon customer flywheel growth price selection delivery trust service market retail "
    "cloud platform review book author chapter company strategy investment logistics data "
    "subscription member device voice assistant store decision machine learning network "
    "value experience long term thinking cost scale seller warehouse speed innovation"
)
KO_TEXT = (
    "아마존 고객 플라이휠 성장 가격 선택 배송 신뢰 서비스 시장 소매 클라우드 플랫폼 서평 책 "
    "저자 장 회사 전략 투자 물류 데이터 구독 회원 기기 음성 비서 매장 결정 기계 학습 망 "
    "가치 경험 장기 사고 비용 규모 판매자 창고 속도 혁신 집착"
)
EN_WORDS, KO_WORDS = EN_TEXT.split(), KO_TEXT.split()
# English fronts ~100 characters, backs ~70, cloze ~160; Korean about half (as in seeds/*.toml).
SHAPE = {
    "en": {"front": (60, 130), "back": (20, 110), "text": 160, "extra": (50, 120)},
    "ko": {"front": (25, 60), "back": (10, 45), "text": 85, "extra": (20, 50)},
}

# ------------------------------------------------------------------------------------ building


def sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    picked: list[str] = []
    target = rng.randint(low, high)
    length = 0
    while length < target:
        word = rng.choice(words)
        picked.append(word)
        length += len(word) + 1
    return " ".join(picked)


def cloze_text(rng: random.Random, words: list[str], gaps: int, length: int) -> str:
    stretch = max(8, (length - 12 * gaps) // (gaps + 1))
    parts = [sentence(rng, words, stretch // 2, stretch)]
    for number in range(1, gaps + 1):
        parts.append(f"{{{{c{number}::{sentence(rng, words, 4, 16)}}}}}")
        parts.append(sentence(rng, words, stretch // 2, stretch))
    return " ".join(parts)


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def note_toml(rng: random.Random, note_id: str, marker: str = "") -> str:
    roll = rng.random()
    kind = "basic" if roll < 0.4 else "reverse" if roll < 0.5 else "cloze"
    gaps = rng.choice((1, 1, 2, 2, 3))
    languages = rng.choices([("en", "ko"), ("en",), ("ko",)], weights=(18, 1, 1))[0]
    tags = rng.sample(["book", "history", "figures", "faang", "strategy"], 2)
    lines = [
        "[[notes]]",
        f'id = "{note_id}"',
        f'kind = "{kind}"',
        f"tags = [{', '.join(toml_str(tag) for tag in tags)}]",
    ]
    for lang in languages:
        words = EN_WORDS if lang == "en" else KO_WORDS
        shape: dict[str, Any] = SHAPE[lang]
        if kind == "cloze":
            lines.append(
                f"{lang}.text = {toml_str(marker + cloze_text(rng, words, gaps, shape['text']))}"
            )
        else:
            lines.append(
                f"{lang}.front = {toml_str(marker + sentence(rng, words, *shape['front']) + '?')}"
            )
            lines.append(f"{lang}.back = {toml_str(sentence(rng, words, *shape['back']))}")
        if rng.random() < 0.12:
            lines.append(f"{lang}.extra = {toml_str(sentence(rng, words, *shape['extra']))}")
    return "\n".join(lines) + "\n"


def deck_text(index: int, count: int, first: int, seed: int, marker: str = "") -> str:
    rng = random.Random(seed * 1000 + index)
    parts = [
        f'name = "Bench::Deck {index:02d}"\n'
        f'description = "Synthetic notes for the scale benchmark, file {index}."\n'
    ]
    for number in range(first, first + count):
        parts.append(note_toml(rng, f"bench/d{index}/n{number}", marker if number == first else ""))
    return "\n".join(parts)


def write_decks(folder: Path, notes: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    per_file = notes // FILES
    for index in range(FILES):
        count = per_file + (notes % FILES if index == FILES - 1 else 0)
        text = deck_text(index, count, index * per_file, seed=notes)
        (folder / f"deck{index:02d}.toml").write_text(text, encoding="utf-8")
    return deck_paths([folder])


def history(
    rng: random.Random, reviews: int, due_share: float
) -> tuple[list[tuple[Any, ...]], sm2.SM2State, int]:
    """SM-2 answers (log columns), the final state and the lapses; due today at `due_share`."""
    grades = [rng.choices((1, 2, 3, 4, 5), weights=(4, 4, 20, 45, 27))[0] for _ in range(reviews)]
    grades[-2:] = [rng.choice((3, 4, 5)) for _ in grades[-2:]]  # settled: interval of days
    state = sm2.SM2State()
    day = date(2000, 1, 1)
    steps: list[tuple[date, int, sm2.SM2State, sm2.SM2State]] = []
    for grade in grades:
        after = sm2.review(state, grade, day)
        steps.append((day, grade, state, after))
        state = after
        assert after.due is not None
        day = after.due
    assert state.due is not None
    # Shift the whole history so the card is due up to 20 days ago (overdue) or later but within
    # its interval, so the last answer is always before TODAY.
    due_today = rng.random() < due_share or state.interval < 2
    ahead = rng.randint(-20, 0) if due_today else rng.randint(1, state.interval - 1)
    shift = (TODAY + timedelta(days=ahead)) - state.due
    last = steps[-1][0] + shift
    if last >= TODAY:
        shift -= last - TODAY + timedelta(days=1)
    rows = []
    for number, (day, grade, before, after) in enumerate(steps):
        moved = day + shift
        rows.append(
            (
                f"{moved.isoformat()}T09:30:00.000+00:00",
                moved.isoformat(),
                grade,
                0,
                number == 0,
                *columns(before, shift),
                *columns(after, shift),
                0,
            )
        )
    final = sm2.SM2State(state.repetitions, state.easiness_pct, state.interval, state.due + shift)
    return rows, final, sum(grade < sm2.PASSING_GRADE for grade in grades)


def columns(state: sm2.SM2State, shift: timedelta) -> tuple[int, int, int, str | None]:
    due = (state.due + shift).isoformat() if state.due else None
    return state.repetitions, state.easiness_pct, state.interval, due


def add_history(db: Path, seed: int) -> int:
    """About LOG_ROWS_PER_NOTE answers a reviewed note, written in one transaction."""
    rng = random.Random(seed)
    connection = sqlite3.connect(db, isolation_level=None)
    cards: dict[str, list[str]] = {}
    for card_id, note_id in connection.execute("SELECT id, note_id FROM card ORDER BY rowid"):
        cards.setdefault(note_id, []).append(card_id)
    log_rows: list[tuple[Any, ...]] = []
    card_rows: list[tuple[Any, ...]] = []
    reviewed = [card_ids for card_ids in cards.values() if rng.random() >= NEW_SHARE]
    # About DUE_TODAY cards due today at every size: under the daily review limit (200), so the
    # queue also reaches the new cards, as on a typical day.
    due_share = min(0.5, DUE_TODAY / max(1, sum(len(card_ids) for card_ids in reviewed)))
    for card_ids in reviewed:
        per_card = max(1, LOG_ROWS_PER_NOTE // len(card_ids))
        for card_id in card_ids:
            rows, final, lapses = history(rng, per_card, due_share)
            log_rows.extend((card_id, *row) for row in rows)
            due = final.due.isoformat() if final.due else None
            card_rows.append(
                (
                    final.repetitions,
                    final.easiness_pct,
                    final.interval,
                    due,
                    len(rows),
                    lapses,
                    card_id,
                )
            )
    connection.execute("BEGIN")
    connection.executemany(
        "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, reviews = ?, "
        "lapses = ? WHERE id = ?",
        card_rows,
    )
    connection.executemany(
        "INSERT INTO review_log (card_id, answered_at, day, grade, drill, was_new, "
        "repetitions_before, easiness_before, interval_before, due_before, "
        "repetitions_after, easiness_after, interval_after, due_after, made_leech) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log_rows,
    )
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return len(log_rows)


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


# ---------------------------------------------------------------------------------- measuring


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


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
from cards.decks import deck_paths
from cards.store import Store
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


# ------------------------------------------------------------------------------------- report


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, notes: int, what: str, ours: str, base: str, ratio: str, target: str) -> None:
        self.rows.append((f"{notes:,}", what, ours, base, ratio, target))

    def print(self) -> None:
        header = ("notes", "what", "flywheel", "baseline", "ratio", "target")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(len(header))]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in self.rows:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def bench_size(
    size: int, repeats: int, root: Path, table: Table, answers: int, bytecode_cache: bool
) -> None:
    folder = root / f"decks-{size}"
    paths = write_decks(folder, size)
    config = root / "config.toml"
    config.write_text("builtin_decks = false\n", "utf-8")
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        cold = timed(lambda: store.sync(paths))
        notes, cards = store.connection.execute(
            "SELECT (SELECT count(*) FROM note), (SELECT count(*) FROM card)"
        ).fetchone()
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

    # 1. `flywheel due --json`, decks unchanged since the last sync.
    due_cmd = [str(FLYWHEEL), "due", "--json"]
    base_cmd = [sys.executable, "-c", "import pydantic, sqlite3"]
    run_quiet(due_cmd, env)
    run_quiet(base_cmd, env)
    due_t = statistics.median(timed(lambda: run_quiet(due_cmd, env)) for _ in range(repeats))
    base_t = statistics.median(timed(lambda: run_quiet(base_cmd, env)) for _ in range(repeats))
    ratio = due_t / base_t
    table.add(
        size,
        "`flywheel due --json` (warm)",
        f"{due_t * 1000:.0f} ms",
        f"{base_t * 1000:.0f} ms (import pydantic, sqlite3)",
        f"{ratio:.2f}x",
        f"<= 2x: {verdict(ratio <= 2)}",
    )

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
        f"p99 <= 10 ms: {verdict(ours_p99 <= 10)}",
    )

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
        f"<= 5 s: {verdict(check_t <= 5)}",
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
        f"<= 150 MB: {verdict(mem <= 150)}",
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
    args = parser.parse_args()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    cache = "off" if args.no_bytecode_cache else "on (PYTHONPYCACHEPREFIX in the scratch folder)"
    print(f"nproc: {nproc}; repeats: {args.repeats}; medians unless noted; today {TODAY}")
    print(f"subprocess bytecode cache: {cache}")
    table = Table()
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="flywheel-scale-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(part) for part in args.sizes.split(",")):
            answers = max(200, args.answers)
            bench_size(size, args.repeats, scratch, table, answers, not args.no_bytecode_cache)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    table.print()
    print()
    print(
        "note: cold start of the TUI (in tmux) is measured by tests/benchmarks/bench_startup.py, "
        "the Anki export by tests/benchmarks/bench_export.py."
    )


if __name__ == "__main__":
    main()

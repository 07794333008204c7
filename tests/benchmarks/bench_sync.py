"""Benchmark: `flywheel sync` against Anki's own sync calls, on Anki's real sync server.

Run by hand (pytest does not collect it):

    uv run python tests/benchmarks/bench_sync.py [--notes 10000] [--repeats 3]

Each figure is the median of the repeats, the whole command (a fresh `flywheel` process) beside
the library's own call on the same data in the same run:

(a) first sync of the built-in decks, beside Anki's full upload of the mirror it made;
(b) first sync of N synthetic notes with their history (about 10 answers a note), beside Anki's
    full upload of the same mirror. Target: (b) <= 2 x its upload;
(c) a sync carrying 50 answers each way (50 given in Flywheel, 50 on a phone that synced),
    beside the phone's own normal sync of its 50. Target: under 1 s;
(d) a sync with nothing to do, beside Anki's own sync of an unchanged collection. Target: 0.5 s.
    The floor of any command that syncs through the library is shown too: a fresh process that
    imports it, opens a copy of the mirror and syncs it, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anki.collection import Collection  # noqa: E402

from cards.store.store import Store  # noqa: E402
from tests.benchmarks.synthetic import TODAY, add_history, write_decks  # noqa: E402
from tests.syncing.support import PASSWORD, Phone, SyncServer, start_server  # noqa: E402

ANSWERS = 50


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class Bench:
    """One server with enough accounts, and a folder for each Flywheel."""

    def __init__(self, folder: Path, server: SyncServer) -> None:
        self.folder = folder
        self.server = server
        self.count = 0

    def env(self, name: str, decks: Path | None, builtin: bool) -> dict[str, str]:
        home = self.folder / name
        home.mkdir(parents=True, exist_ok=True)
        config = home / "config.toml"
        config.write_text(f"builtin_decks = {'true' if builtin else 'false'}\n")
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            FLYWHEEL_DB=str(home / "collection.sqlite3"),
            FLYWHEEL_DECKS=str(decks or home / "decks"),
            FLYWHEEL_CONFIG=str(config),
            FLYWHEEL_TODAY=TODAY.isoformat(),
            FLYWHEEL_SYNC_PASSWORD=PASSWORD,
            XDG_STATE_HOME=str(home / "state"),
        )
        return env

    def flywheel(self, env: dict[str, str], *args: str) -> float:
        command = [sys.executable, "-m", "tui.commands.cli", *args]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(f"{args}: {done.stderr[-2000:]}")
        return elapsed

    def first_sync(self, env: dict[str, str]) -> tuple[float, float]:
        """(our first sync, Anki's full upload of the mirror it made to another account)."""
        user = self.server.account()
        ours = self.flywheel(env, "sync", "--server", self.server.url, "--user", user)
        mirror = next(Path(env["FLYWHEEL_DB"] + ".anki").glob("*/collection.anki2"))
        copy = self.folder / f"upload-{user}" / "collection.anki2"
        copy.parent.mkdir()
        shutil.copyfile(mirror, copy)
        col = Collection(str(copy))
        try:
            auth = col.sync_login(self.server.account(), PASSWORD, self.server.url)
            col.close_for_full_sync()
            upload = timed(
                lambda: col.full_upload_or_download(auth=auth, server_usn=None, upload=True)
            )
            col.reopen(after_full_sync=True)
        finally:
            col.close()
        return ours, upload


FLOOR = """
import sys, time
start = time.perf_counter()
from anki.collection import Collection
from anki.sync import SyncAuth
col = Collection(sys.argv[1])
col.sync_collection(SyncAuth(hkey=sys.argv[2], endpoint=sys.argv[3]), False)
col.close()
"""


def library_floor(env: dict[str, str], folder: Path) -> float:
    """A fresh process doing Anki's calls alone on a copy of the mirror: import, open, sync."""
    mirror = next(Path(env["FLYWHEEL_DB"] + ".anki").glob("*/collection.anki2"))
    copy = folder / "floor" / "collection.anki2"
    shutil.rmtree(copy.parent, ignore_errors=True)
    copy.parent.mkdir()
    shutil.copyfile(mirror, copy)
    login = json.loads(Path(env["XDG_STATE_HOME"], "flywheel", "anki-login.json").read_text())
    command = [
        sys.executable,
        "-c",
        FLOOR,
        str(copy),
        login["hkey"],
        login["endpoint"] or login["server"],
    ]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def answer_in_flywheel(env: dict[str, str], count: int, day: datetime) -> None:
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        today = day.date()
        for item in store.queue(today)[:count]:
            store.answer(item.card_id, 4, today, datetime.now(UTC))


def report(name: str, ours: list[float], theirs: list[float], label: str, target: str) -> None:
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(
        f"{name:<44} {mine:7.3f} s   {label:<28} {base:7.3f} s   ratio {mine / base:5.2f}   "
        f"{target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    (folder / "server").mkdir()
    server = start_server(folder / "server", accounts=4 * args.repeats + 2)
    bench = Bench(folder, server)
    try:
        builtin = [
            bench.first_sync(bench.env(f"builtin{n}", None, True)) for n in range(args.repeats)
        ]
        report("(a) first sync, built-in decks", [b[0] for b in builtin], [b[1] for b in builtin],
               "Anki's full upload", "")  # fmt: skip

        decks = folder / "synthetic-decks"
        write_decks(decks, args.notes)
        seeded = bench.env("seed", decks, False)
        bench.flywheel(seeded, "due")  # reads the deck files into a collection
        add_history(Path(seeded["FLYWHEEL_DB"]), seed=args.notes)
        large = []
        for n in range(args.repeats):
            env = bench.env(f"large{n}", decks, False)
            shutil.copyfile(seeded["FLYWHEEL_DB"], env["FLYWHEEL_DB"])
            large.append((env, *bench.first_sync(env)))
        report(f"(b) first sync, {args.notes} notes + history", [b[1] for b in large],
               [b[2] for b in large], "Anki's full upload", "target ratio <= 2")  # fmt: skip

        env = large[0][0]
        user = Path(env["XDG_STATE_HOME"], "flywheel", "anki-login.json").read_text()
        account = user.split('"user": "')[1].split('"')[0]
        phone = Phone(folder / "phone.anki2", server, account)
        phone.sync()
        each_way, phone_syncs, quiet, anki_quiet, floor = [], [], [], [], []
        for n in range(args.repeats):
            day = datetime.combine(TODAY + timedelta(days=n + 1), datetime.min.time(), UTC)
            env["FLYWHEEL_TODAY"] = day.date().isoformat()
            bench.flywheel(env, "sync")  # the new day's schedule reaches the phone
            phone.sync()
            answer_in_flywheel(env, ANSWERS, day)
            answered = phone.answer_queue(limit=ANSWERS, deck="Bench")
            assert len(answered) == ANSWERS, len(answered)
            phone_syncs.append(timed(phone.sync))
            each_way.append(bench.flywheel(env, "sync"))
            quiet.append(bench.flywheel(env, "sync"))
            floor.append(library_floor(env, folder))
            phone.sync()
            anki_quiet.append(timed(phone.sync))
        phone.close()
        report(f"(c) sync of {ANSWERS} answers each way", each_way, phone_syncs,
               f"phone's sync of its {ANSWERS}", "target < 1 s")  # fmt: skip
        report("(d) sync with nothing to do", quiet, anki_quiet, "Anki's sync, nothing new",
               "target < 0.5 s")  # fmt: skip
        report("(d) sync with nothing to do", quiet, floor, "a process of Anki's calls", "")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

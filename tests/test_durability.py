"""Answers survive a killed process, and two processes answering at once both land, with the
log checkpointed in the background as usual or every other commit."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from cards.schedule.queue import Limits
from cards.store.store import Store

ANSWER_LOOP = """
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from cards.schedule.queue import Limits
from cards.store.store import Store

db, deck = Path(sys.argv[1]), Path(sys.argv[2])
parity, checkpoint_every = int(sys.argv[3]), int(sys.argv[4])
limits = Limits(new_per_day=10_000, reviews_per_day=10_000)
store = Store.open(db, limits, checkpoint_every=checkpoint_every)
store.sync([deck])
day = date(2026, 1, 15)
for number in range(parity, 200, 2):
    card = f"load/n{number}#fwd"
    store.answer(card, 4, day, datetime.now(timezone.utc))
    print("ACK", card, flush=True)
store.close()
"""
USUAL, OFTEN = 100, 2  # commits between checkpoints: the default, and a checkpoint at every turn


@pytest.fixture
def big_deck(write_deck: Callable[..., Path]) -> Path:
    notes = "".join(
        f'[[notes]]\nid = "load/n{n}"\nen.front = "q{n}"\nen.back = "a{n}"\n\n' for n in range(200)
    )
    return write_deck(f'name = "Load"\n\n{notes}', "load.toml")


def start_loop(db: Path, deck: Path, parity: int, every: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ANSWER_LOOP, str(db), str(deck), str(parity), str(every)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def logged(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in connection.execute("SELECT card_id FROM review_log")}


@pytest.mark.parametrize(
    ("kill_after", "every"), [(1, USUAL), (17, OFTEN), (45, USUAL), (60, OFTEN)]
)
def test_sigkill_loses_no_acknowledged_answer(
    tmp_path: Path, big_deck: Path, kill_after: int, every: int
) -> None:
    db = tmp_path / "kill.db"
    acknowledged = []
    with start_loop(db, big_deck, 0, every) as process:
        assert process.stdout is not None
        for line in process.stdout:
            acknowledged.append(line.split()[1])
            if len(acknowledged) == kill_after:
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert set(acknowledged) <= logged(db)
    with Store.open(db, Limits()) as store:
        assert store.state(acknowledged[-1]) is not None


@pytest.mark.parametrize("every", [USUAL, OFTEN])
def test_two_processes_answering_at_once_both_land(
    tmp_path: Path, big_deck: Path, every: int
) -> None:
    db = tmp_path / "both.db"
    Store.open(db).close()
    first, second = start_loop(db, big_deck, 0, every), start_loop(db, big_deck, 1, every)
    deadline = time.monotonic() + 120
    outputs = []
    for process in (first, second):
        out, err = process.communicate(timeout=max(1, deadline - time.monotonic()))
        assert process.returncode == 0, err
        outputs.append(out)
    assert all(out.count("ACK") == 100 for out in outputs)
    assert len(logged(db)) == 200
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the last to close emptied the log

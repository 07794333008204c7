"""Answers survive a killed process, and two processes answering at once both land."""

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

from cards.queue import Limits
from cards.store import Store

ANSWER_LOOP = """
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from cards.queue import Limits
from cards.store import Store

db, deck, parity = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
store = Store.open(db, Limits(new_per_day=10_000, reviews_per_day=10_000))
store.sync([deck])
day = date(2026, 1, 15)
for number in range(parity, 200, 2):
    card = f"load/n{number}#fwd"
    store.answer(card, 4, day, datetime.now(timezone.utc))
    print("ACK", card, flush=True)
"""


@pytest.fixture
def big_deck(write_deck: Callable[..., Path]) -> Path:
    notes = "".join(
        f'[[notes]]\nid = "load/n{n}"\nen.front = "q{n}"\nen.back = "a{n}"\n\n' for n in range(200)
    )
    return write_deck(f'name = "Load"\n\n{notes}', "load.toml")


def start_loop(db: Path, deck: Path, parity: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ANSWER_LOOP, str(db), str(deck), str(parity)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def logged(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as connection:
        return {row[0] for row in connection.execute("SELECT card_id FROM review_log")}


@pytest.mark.parametrize("kill_after", [1, 17, 60])
def test_sigkill_loses_no_acknowledged_answer(
    tmp_path: Path, big_deck: Path, kill_after: int
) -> None:
    db = tmp_path / "kill.db"
    acknowledged = []
    with start_loop(db, big_deck, 0) as process:
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


def test_two_processes_answering_at_once_both_land(tmp_path: Path, big_deck: Path) -> None:
    db = tmp_path / "both.db"
    Store.open(db).close()
    first, second = start_loop(db, big_deck, 0), start_loop(db, big_deck, 1)
    deadline = time.monotonic() + 120
    outputs = []
    for process in (first, second):
        out, err = process.communicate(timeout=max(1, deadline - time.monotonic()))
        assert process.returncode == 0, err
        outputs.append(out)
    assert all(out.count("ACK") == 100 for out in outputs)
    assert len(logged(db)) == 200

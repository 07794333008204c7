"""A sync killed at any moment, then run again, loses and doubles nothing on either side."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from anki.scheduler.v3 import CardAnswer

from tests.syncing.conftest import Desk
from tests.syncing.support import Phone, flywheel

pytestmark = pytest.mark.anki

KILLS = 20


def _sync_process() -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.Popen(
        [sys.executable, "-m", "tui.commands.cli", "sync"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _answers(desk: Desk) -> list[tuple[str, str]]:
    with sqlite3.connect(desk.db) as connection:
        return connection.execute("SELECT card_id, answered_at FROM review_log").fetchall()


def _answer_first_due(capsys: pytest.CaptureFixture[str]) -> int:
    """Answer the first card of Flywheel's queue; 1 if there was one."""
    capsys.readouterr()
    assert flywheel("due", "--json") == 0
    queue = json.loads(capsys.readouterr().out)
    if not queue:
        return 0
    assert flywheel("answer", queue[0]["id"], "4") == 0
    return 1


def test_twenty_kills_at_random_moments_then_a_clean_sync(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    chance = random.Random(20)
    assert flywheel(*desk.sync_args()) == 0
    phone.sync()
    durations = []
    for _ in range(2):  # the first run also writes the bytecode caches
        started = time.monotonic()
        assert _sync_process().wait(60) == 0
        durations.append(time.monotonic() - started)
    duration = durations[-1]
    flywheel_answers = phone_answers = 0
    killed_running = 0
    for round_number in range(KILLS):
        if round_number % 5 == 0:  # new answers on both sides now and then
            flywheel_answers += _answer_first_due(capsys)
            phone_answers += len(phone.answer_queue(CardAnswer.GOOD, limit=1))
            phone.sync()
        process = _sync_process()
        time.sleep(chance.uniform(0.05, 0.9) * duration)
        if process.poll() is None:
            killed_running += 1
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert killed_running >= KILLS // 3  # many kills cut a sync short

    assert flywheel("sync") == 0
    phone.sync()
    assert flywheel("sync") == 0
    phone.sync()
    answers = _answers(desk)
    assert flywheel_answers >= 3
    assert phone_answers >= 3
    assert len(answers) == flywheel_answers + phone_answers
    assert len(set(answers)) == len(answers)
    revlog = phone.revlog()
    assert len(revlog) == len(answers)
    assert flywheel("doctor") == 0

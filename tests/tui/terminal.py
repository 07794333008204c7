"""Driving the installed `flywheel` in a real terminal (tmux): keys in, screen out.

Each test runs its own tmux server (`-L` with a unique socket name) and kills it at the end.
The screen is polled with a deadline rather than slept on, so the tests are quick and patient.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

NEEDS_TMUX = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
"""The marks of a module of terminal tests."""


FLYWHEEL = Path(sys.executable).parent / "flywheel"


TIMEOUT = 30.0


class Terminal:
    """One tmux server with one window (100x30 unless told) running a command."""

    def __init__(self, size: tuple[int, int] = (100, 30)) -> None:
        self.size = size
        self.socket = f"flywheel-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # The shell stays after the command so its exit status can be read off the screen.
        # COLUMNS and LINES (which the test process may carry, 80 and 24) would override the
        # window's size for the app, so they are dropped: the app measures the terminal.
        script = f"env -u COLUMNS -u LINES {exports} {command}; echo EXIT=$?; sleep 600"
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "new-session",
                "-d",
                "-x",
                str(self.size[0]),
                "-y",
                str(self.size[1]),
                "-s",
                "main",
                "sh",
                "-c",
                script,
            ],
            check=True,
            timeout=10,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        test = text if callable(text) else (lambda screen: text in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {text!r}; the screen was:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def kill(self) -> None:
        self.tmux("kill-server")


def review_log(db: str) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT card_id, grade FROM review_log ORDER BY id").fetchall()
    return [(str(card), int(grade)) for card, grade in rows]

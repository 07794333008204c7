"""Opening a card's pictures and sounds with the system's viewer (or, in a browser, in tabs).

The opener (`xdg-open`, `open`) hands the file to an application and exits, non-zero when it
found none: its status is waited for (in a thread, a few seconds at most) so that a failure is
reported as one. An opener still running by then is taken to be showing the file itself.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

from textual.app import App

from cards.decks.media import MEDIA_FOLDER, open_command
from tui.app.widgets.status_line import Severity

OPENER_WAIT = 5.0
"""Seconds to wait for the opener's verdict."""


def media_paths(deck_file: Path | None, names: list[str]) -> list[Path]:
    """Where a card's media files are: the `media` folder beside its deck file."""
    folder = deck_file.parent / MEDIA_FOLDER if deck_file is not None else Path()
    return [folder / name for name in names]


def open_files(paths: list[Path], wait: float = OPENER_WAIT) -> tuple[str, Severity]:
    """Hand each file to the viewer and wait for its verdict (blocks: run it in a thread);
    returns what happened, to report."""
    for path in paths:
        if not path.is_file():
            return f"{path} is missing.", "error"
        argv = open_command(path)
        try:
            viewer = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            return f"cannot run {argv[0]!r}: {error.strerror or error}", "error"
        try:
            _, errors = viewer.communicate(timeout=wait)
        except subprocess.TimeoutExpired:
            threading.Thread(target=viewer.communicate, daemon=True).start()  # reaps it later
            continue
        if viewer.returncode != 0:
            reason = _first_line(errors) or f"{argv[0]} exited with status {viewer.returncode}"
            return f"Could not open {path.name}: {reason}", "error"
    return f"Opened {', '.join(path.name for path in paths)}.", "information"


def _first_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return " ".join(lines[0].split())[:200] if lines else ""


def deliver_files(app: App[Any], paths: list[Path]) -> tuple[str, Severity]:
    """Hand each file to the browser showing `app`, which opens it in a tab of its own."""
    for path in paths:
        if not path.is_file():
            return f"{path} is missing.", "error"
    for path in paths:
        app.deliver_binary(path, open_method="browser")
    return f"Opened {', '.join(path.name for path in paths)} in new browser tabs.", "information"

"""Opening a card's pictures and sounds with the system's viewer, without waiting for it."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

from textual.app import App

from cards.media import MEDIA_FOLDER, open_command
from tui.widgets.status_line import Severity


def media_paths(deck_file: Path | None, names: list[str]) -> list[Path]:
    """Where a card's media files are: the `media` folder beside its deck file."""
    folder = deck_file.parent / MEDIA_FOLDER if deck_file is not None else Path()
    return [folder / name for name in names]


def open_files(paths: list[Path]) -> tuple[str, Severity]:
    """Hand each file to the viewer; returns what happened, to report."""
    for path in paths:
        if not path.is_file():
            return f"{path} is missing.", "error"
        argv = open_command(path)
        try:
            viewer = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            return f"cannot run {argv[0]!r}: {error.strerror or error}", "error"
        threading.Thread(target=viewer.wait, daemon=True).start()  # reaps it when it ends
    return f"Opened {', '.join(path.name for path in paths)}.", "information"


def deliver_files(app: App[Any], paths: list[Path]) -> tuple[str, Severity]:
    """Hand each file to the browser showing `app`, which opens it in a tab of its own."""
    for path in paths:
        if not path.is_file():
            return f"{path} is missing.", "error"
    for path in paths:
        app.deliver_binary(path, open_method="browser")
    return f"Opened {', '.join(path.name for path in paths)} in new browser tabs.", "information"

"""Opening a card's pictures and sounds with the system's viewer, without waiting for it."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from cards.media import open_command


def open_files(paths: list[Path]) -> str | None:
    """Hand each file to the viewer; returns what went wrong, or None."""
    for path in paths:
        if not path.is_file():
            return f"{path} is missing."
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
            return f"cannot run {argv[0]!r}: {error.strerror or error}"
        threading.Thread(target=viewer.wait, daemon=True).start()  # reaps it when it ends
    return None

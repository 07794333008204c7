"""The one place the wall clock is read; everything below the command line and the app takes the
time as an argument, so tests can pass a frozen one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]
"""The one source of "now" for a sitting; the app passes the wall clock, tests a frozen one."""


def system_clock() -> datetime:
    """The wall clock, timezone-aware (the store writes local times with their offset)."""
    return datetime.now().astimezone()

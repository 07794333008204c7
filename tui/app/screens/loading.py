"""What shows while the deck files are synced in a thread at start-up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator


class LoadingScreen(Screen[None]):
    """A spinner and a line; input stays live (ctrl+q quits) while the worker runs."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label("Syncing deck files...", id="loading-label")
        yield LoadingIndicator()

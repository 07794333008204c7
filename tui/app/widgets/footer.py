"""The footer every screen shows: compact, and on a narrow terminal the command palette's hint
gives its room to the screen's own keys."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

WIDE_ENOUGH_FOR_PALETTE_HINT = 80


class AppFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= WIDE_ENOUGH_FOR_PALETTE_HINT
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.refresh(recompose=True)  # the keys are composed once; a resize redraws them

"""A one-line input that keeps every key in the order typed, and cuts a paste to its limit.

Textual lets a focused input take printable keys at once, but runs its bindings (Backspace,
Delete, the arrows, Ctrl+U...) only after the key has bubbled up through the screen to the app.
While the screen is busy (refilling a table after the last key, say) a character typed later
overtakes a Backspace typed earlier: `is:leech`, eight Backspaces and `Amazon` could end as
`imazon`, and Escape then `/` left the `/` in the box. Running the bindings as the key
arrives keeps the order.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An `Input` whose keys' bindings (its own, the screen's, the app's) run as the key arrives;
    `max_length` caps typing and pasting alike (a paste is cut to fit instead of refused)."""

    async def _on_key(self, event: events.Key) -> None:
        # The check the app makes once the key has bubbled up (this input's bindings, then the
        # screen's and the app's), made now, before the next key is taken.
        if not event.is_printable and await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if lines and self.max_length:
            room = self.max_length - len(self.value) + len(self.selected_text)
            event = events.Paste(lines[0][: max(room, 0)])
        super()._on_paste(event)

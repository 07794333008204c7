"""A one-line field that holds at most a set number of characters, however much is pasted.

Textual's `Input` refuses a whole paste that would pass its `max_length` and rings the bell for
each refused key; a terminal without bracketed paste delivers a paste as keys, so 50 KB meant
thousands of bells, each a write to the terminal, while the event loop stood still. Here a
paste is cut to the room left, refused keys are dropped quietly, and the user is told once.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class CappedInput(Input):
    """An `Input` with a `max_length` that pastes cut to fit and refuses keys without a bell."""

    _told = False  # whether the user has been told the field is full, since it last had room

    def __init__(self, value: str | None = None, *, max_length: int, **options: object) -> None:
        super().__init__(value, max_length=max_length, **options)  # type: ignore[arg-type]

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        start, end = sorted(self.selection)
        room = (self.max_length or 0) - (len(self.value) - (end - start))
        # Only the first line is kept (a field is one line); only as much as fits is read.
        lines = event.text[: max(room, 0) + 1].splitlines()
        line = lines[0] if lines else ""
        if len(line) > room:
            line = line[:room]
            self._full()
        if line:
            self.replace(line, start, end)

    async def _on_key(self, event: events.Key) -> None:
        """A printable key into a full field is dropped here, before any redraw."""
        full = len(self.value) >= (self.max_length or len(self.value) + 1)
        if full and event.is_printable and self.selection.is_empty:
            event.stop()
            event.prevent_default()
            self._full()
            return
        await super()._on_key(event)

    def restricted(self) -> None:
        """A key that would pass the limit is dropped (no bell: a pasted flood would ring on)."""
        self._full()

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if self.max_length and len(value) < self.max_length:
            self._told = False

    def _full(self) -> None:
        if not self._told:
            self._told = True
            self.notify(
                f"A field holds at most {self.max_length:,} characters; the rest was left out.",
                severity="warning",
            )

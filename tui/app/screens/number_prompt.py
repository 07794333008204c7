"""A one-question dialog that asks for a whole number (days to review ahead, extra new cards)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

HINT = "Enter to go, escape to cancel"


class NumberPrompt(ModalScreen[int | None]):
    """Enter returns the number (from `lowest` to `highest`); escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt-cancel")
    ]

    def __init__(self, question: str, default: int, lowest: int, highest: int) -> None:
        super().__init__()
        self.question = question
        self.default = default
        self.lowest = lowest
        self.highest = highest

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.question, id="prompt-question")
            yield Input(str(self.default), type="integer", id="prompt-input")
            yield Label(HINT, id="prompt-hint")

    @on(Input.Changed, "#prompt-input")
    def _changed(self) -> None:
        """A refusal answers the number submitted, not the one being typed now."""
        self.query_one("#prompt-hint", Label).update(HINT)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        number = int(text) if text.lstrip("-").isdigit() else None
        if number is None or not self.lowest <= number <= self.highest:
            self.query_one("#prompt-hint", Label).update(
                f"A whole number from {self.lowest} to {self.highest}, please."
            )
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)

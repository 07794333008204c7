"""A line under the card for what the last action did: in its own row, so a message never
covers the question the way a pop-up notification would. A message too long for the width wraps
onto a second and third line (a narrow terminal cannot hold "u takes it back" and a card id on
one) rather than losing its end."""

from __future__ import annotations

from typing import Literal

from textual.widgets import Static

from tui.safe_text import markup
from tui.text import one_line

Severity = Literal["information", "warning", "error"]


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: auto; min-height: 1; max-height: 3; margin: 0 2; color: $text-muted;
        text-overflow: ellipsis;
    }
    StatusLine.-warning { color: $text-warning; }
    StatusLine.-error { color: $text-error; }
    """

    message: str = ""
    severity: Severity = "information"

    def show(self, message: str, severity: Severity = "information") -> None:
        """Replace the line with `message` (its line breaks as spaces; wrapped to the width)."""
        self.message, self.severity = message, severity
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.update(markup(one_line(message)))

    def clear(self) -> None:
        self.show("")

"""One line under the card for what the last action did: in its own row, so a message never
covers the question the way a pop-up notification would."""

from __future__ import annotations

from typing import Literal

from textual.widgets import Static

from tui.safe_text import markup
from tui.text import one_line

Severity = Literal["information", "warning", "error"]


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1; margin: 0 2; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    StatusLine.-warning { color: $text-warning; }
    StatusLine.-error { color: $text-error; }
    """

    message: str = ""
    severity: Severity = "information"

    def show(self, message: str, severity: Severity = "information") -> None:
        """Replace the line with `message` (on one line; a longer one is cut by the width)."""
        self.message, self.severity = message, severity
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.update(markup(one_line(message)))

    def clear(self) -> None:
        self.show("")

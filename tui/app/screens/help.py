"""The help screen: the keys of the screen below (as remapped by the keymap) and what they do.

The keys are a Rich table, which wraps the longer notes (SM-2's meaning of each grade) to the
room there is, so a 60-column terminal shows them whole; what a short terminal cannot hold
scrolls.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.app.help_entry import HelpEntry


def keys_table(entries: list[HelpEntry]) -> Table:
    """Key, action and binding id stay on one line each; the note takes the rest and wraps."""
    table = Table(box=None, expand=True, padding=(0, 1), header_style="bold", show_edge=False)
    table.add_column("key", no_wrap=True)
    table.add_column("action", no_wrap=True)
    table.add_column("binding id", no_wrap=True, style="dim")
    table.add_column("", ratio=1, overflow="fold")
    for entry in entries:
        table.add_row(Text(entry.keys), Text(entry.description), entry.binding_id, entry.note)
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of its own keys closes it, the arrows scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close-help")
    ]

    def __init__(self, title: str, entries: list[HelpEntry]) -> None:
        super().__init__()
        self.help_title = title
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(f"[b]Keys: {self.help_title}[/b]", id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(keys_table(self.entries), id="help-table")
            yield Label(
                'Remap in config.toml \\[keymap]: reveal = "v"  ·  ctrl+p: palette',
                id="help-footer",
            )

    def action_close(self) -> None:
        self.dismiss()

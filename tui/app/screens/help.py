"""The help screen: the keys of the screen below (as remapped by the keymap) and what they do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tui.app.help_entry import HelpEntry


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of its own keys closes it."""

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
            table: DataTable[str] = DataTable(
                id="help-table", cursor_type="none", zebra_stripes=True
            )
            table.add_columns("key", "action", "binding id", "")
            for entry in self.entries:
                table.add_row(entry.keys, entry.description, entry.binding_id, entry.note)
            yield table
            yield Label(
                'Remap in config.toml \\[keymap]: reveal = "v"  ·  ctrl+p: palette',
                id="help-footer",
            )

    def action_close(self) -> None:
        self.dismiss()

"""One line of the help screen, kept apart from the screen so the screens that list their keys
do not import the help screen (and its DataTable) before `?` is pressed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpEntry:
    """One action: its keys as displayed, what it does, and a longer note."""

    keys: str
    description: str
    note: str = ""
    binding_id: str = ""

"""The review screen's keys: its bindings (with ids a keymap can name) and the grades' help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.screen import Screen

from cards.schedule.sm2 import Grade
from tui.app.help_entry import HelpEntry

REVIEW_BINDINGS: list[BindingType] = [
    Binding("space,enter", "reveal", "Show", id="reveal", key_display="␣"),
    *(
        Binding(
            str(grade.value),
            f"grade({grade.value})",
            grade.label,
            show=False,
            tooltip=grade.description,
            id=f"grade-{grade.value}",
        )
        for grade in Grade
    ),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("s", "suspend", "Suspend", id="suspend"),
    Binding("b", "bury", "Bury", id="bury"),
    Binding("e", "edit", "Edit", id="edit"),
    # Listed by `?` rather than in the footer, which then fits a 60-column terminal.
    Binding("a", "add", "Add", id="add", show=False),
    Binding("i", "info", "Info", id="info", show=False),
    Binding("l", "language", "Lang", id="language"),
    Binding("o", "open_media", "Open media", id="open-media"),
    Binding("q,escape", "back", "Back", id="back"),
    Binding("q", "quit", "Quit", id="quit"),
]


def grade_help(keymap: Mapping[str, str]) -> list[HelpEntry]:
    """The grades, listed in the help even before the reveal (when their keys are idle)."""
    return [
        HelpEntry(
            keymap.get(f"grade-{grade.value}", str(grade.value)),
            grade.label,
            grade.description,
            f"grade-{grade.value}",
        )
        for grade in Grade
    ]


def keys_of(screen: Screen[None], binding_id: str) -> str:
    """The keys bound to `binding_id` now (after the user's keymap), for prompts."""
    keys = [
        screen.app.get_key_display(replace(active.binding, key_display=None))
        for active in screen.active_bindings.values()
        if active.binding.id == binding_id
    ]
    return "/".join(dict.fromkeys(keys))

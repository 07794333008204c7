"""Handing the terminal to the user's editor from the app, and what to say when it comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from cards.errors import FlywheelError
from tui.app.widgets.status_line import Severity
from tui.edit_loop import ask_terminal, edit_note
from tui.services import Services


def edit_in_editor(
    app: App[Any], services: Services, path: Path, note_id: str
) -> tuple[str, Severity] | None:
    """Suspend the app, edit `note_id` in `path` (see `edit_loop.edit_note`), resume.

    Returns the line to report, if any, and its severity; severity "error" means nothing was
    edited, so there is nothing to reload.
    """
    try:
        with app.suspend():
            outcome = edit_note(services.environ, path, note_id, services.user_decks, ask_terminal)
    except SuspendNotSupported:
        return "Edit: this terminal cannot hand over to an editor", "error"
    except FlywheelError as error:
        return f"Edit: {error}", "error"
    report = outcome.report(note_id)
    if report is not None:  # the editor failed, or saved nothing
        if outcome.status == 0:
            return report, "information"
        return report, "warning" if outcome.changed else "error"
    if outcome.problems:
        return (
            f"{note_id} was left with problems; its cards leave the queue until fixed.",
            "warning",
        )
    if outcome.copied:
        return (
            f"Edited your copy of the built-in {outcome.path.name}, now in its place.",
            "information",
        )
    return None

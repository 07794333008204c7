"""What the review says after reading deck files changed in another window."""

from __future__ import annotations

from cards.plural import counted
from cards.store.deck_sync import SyncReport
from tui.app.widgets.status_line import Severity


def changes_said(report: SyncReport) -> tuple[str, Severity] | None:
    """One status line for a sync that changed the queues, or None when nothing changed.

    A file that no longer reads is named with its first problem, not counted as read: its last
    good notes stay in review, and the user should know why the edit did not arrive.
    """
    if not report.changed:
        return None
    parts = []
    if report.parsed:
        parts.append(f"Read {counted(len(report.parsed), 'changed deck file')}")
    if report.gone:
        parts.append(f"{counted(report.gone, 'deck file')} gone")
    if report.found:
        parts.append(f"{report.found[0]} (see flywheel check)")
        return "; ".join(parts) + ".", "warning"
    if not parts:  # only the deck-file order moved: the new cards follow it, nothing to say
        return None
    return "; ".join(parts) + ".", "information"

"""What a sync says it did, one line per kind of change."""

from __future__ import annotations

from pathlib import Path

from cards.anki.sync.outcome import SyncOutcome
from cards.plural import counted


def report_lines(outcome: SyncOutcome, edits_file: Path | None) -> list[str]:
    """The report of one sync."""
    lines = []
    if outcome.full == "download":
        lines.append(f"took the collection on {outcome.server} (a one-way sync)")
    elif outcome.full == "upload":
        lines.append(f"sent the whole collection to {outcome.server} (a one-way sync)")
    written = outcome.written
    changes = [
        (outcome.taken_in, "answer", "taken from Anki"),
        (outcome.sent, "answer", "sent to Anki"),
        (written.added, "note", "added to Anki"),
        (written.updated, "note", "updated in Anki"),
        (outcome.rescheduled, "card", "rescheduled in Anki"),
    ]
    done = [f"{counted(count, noun)} {what}" for count, noun, what in changes if count]
    lines.append(f"synced with {outcome.server}: " + (", ".join(done) if done else "nothing new"))
    if edits_file is not None:
        lines.append(
            f"{counted(len(outcome.edits), 'note')} edited in Anki got the deck files' text "
            f"again; the Anki text is saved in {edits_file}"
        )
    if outcome.left_in_anki:
        left = outcome.left_in_anki
        it = "it stays" if left == 1 else "they stay"
        lines.append(
            f"{counted(left, 'note')} no longer in your deck files: {it} in Anki as last "
            "written, with the answers (delete them there if you wish)"
        )
    return lines

"""Edits made in Anki to Flywheel's notes, saved where the user can take them into deck files.

The deck files are where a note's text lives, so the sync writes them over the Anki copy; first
it saves the Anki text, converted to Markdown, in `anki-edits-<time>.md` beside the mirrors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cards.anki.sync.outcome import AnkiEdit
from cards.errors import FlywheelError


def save_edits(folder: Path, edits: Sequence[AnkiEdit], now: datetime) -> Path:
    """Write `edits` to a new Markdown file in `folder`; returns its path."""
    from cards.anki.import_convert import to_markdown

    path = folder / f"anki-edits-{now.strftime('%Y%m%d-%H%M%S')}.md"
    lines = [
        "# Edits made in Anki",
        "",
        "The sync wrote the deck files' text over these notes in Anki. Their text in Anki "
        "was as follows; copy what you want to keep into the deck files.",
    ]
    for edit in edits:
        lines += ["", f"## {edit.note_id} ({edit.deck})"]
        for name, value in edit.fields.items():
            if value.strip():
                lines += ["", f"**{name}**", "", to_markdown(value, set())]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as error:
        raise FlywheelError(
            f"{path}: cannot save the edits made in Anki: {error.strerror}"
        ) from None
    return path

"""What an import will write, made by `cards.anki.import_package` and carried out by
`cards.anki.import_writing` and the store: deck files, media, and the schedules and Anki
origins kept on disk until stored (`cards.anki.import_spill`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.anki.import_files import shown
from cards.anki.import_schedule import ImportedCard
from cards.anki.import_spill import Spilled, SpilledTexts, spilled_cards, spilled_origins
from cards.anki.note_origins import AnkiOrigin
from cards.plural import counted

if TYPE_CHECKING:
    from cards.anki.import_writing import NewDeck
    from cards.anki.package_unpack import PackageMedia


@dataclass
class ImportPlan:
    """What an import will write."""

    package: Path
    files: dict[Path, str | NewDeck] = field(default_factory=dict)
    """Deck files to write, with their text (or what makes it, for a new deck)."""
    replacing: set[Path] = field(default_factory=set)
    """Those of `files` that are the import's own earlier files, rewritten."""
    decks: set[Path] = field(default_factory=set)
    """Every deck file holding the package's notes (written now or unchanged)."""
    media: dict[str, str] = field(default_factory=dict)
    """Name in the `media` folder -> the package's media file to copy there."""
    package_media: PackageMedia | None = None
    media_used: int = 0
    cards: Spilled[ImportedCard] = field(default_factory=spilled_cards)
    """Each card's schedule, kept on disk until the store takes it."""
    clamped: int = 0
    """Cards whose figures were out of range, brought within it."""
    dropped: int = 0
    """Answers left out for an impossible time."""
    notes: int = 0
    warnings: list[str] = field(default_factory=list)
    origins: Spilled[tuple[str, AnkiOrigin]] = field(default_factory=spilled_origins)
    """GUID and the Anki note type and fields a note came with (not for Flywheel's own types)."""
    notetypes: dict[int, dict[str, Any]] = field(default_factory=dict)

    spilled: SpilledTexts | None = None

    def add_card(self, card: ImportedCard) -> None:
        self.cards.append(card)
        self.clamped += card.clamped
        self.dropped += card.dropped

    def close(self) -> None:
        """Free what was kept on disk (once it is written)."""
        for kept in (self.spilled, self.cards, self.origins):
            if kept is not None:
                kept.close()

    def summary(self, folder: Path) -> str:
        text = (
            f"imported {shown(self.package.name)} into {shown(str(folder))}: "
            f"{counted(len(self.decks), 'deck')}, {counted(self.notes, 'note')}"
        )
        if self.media_used:
            text += f", {counted(self.media_used, 'media file')}"
        return text

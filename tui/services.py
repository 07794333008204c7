"""What the screens need, handed down from the app factory: the store, the study day and the clock.

Kept free of Textual so the command modules can build it before deciding to load the UI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from cards.decks.vocabulary import LanguageChoice
from cards.settings import Settings
from cards.store.session import Clock, system_clock
from cards.store.store import Store

Start = Literal["home", "review"]
"""The first screen: the deck list, or straight into today's queue."""

LANGUAGE_CYCLE: tuple[LanguageChoice, ...] = ("en", "ko", "both")
LANGUAGE_NAMES: dict[LanguageChoice, str] = {
    "en": "English",
    "ko": "Korean",
    "both": "English + Korean",
}


def no_deck_files() -> list[Path]:
    return []


@dataclass(frozen=True)
class Services:
    """Everything a screen may use, passed down through constructors rather than looked up.

    Attributes:
        store: The open collection; the truth for queues, states and the log.
        today: The study day, fixed for the whole run (from the Workspace).
        clock: Where answer times come from.
        settings: The user's settings (language, keymap, limits).
        deck_files: The deck files to sync, re-read after an edit so new files are seen.
        environ: The environment, for $VISUAL/$EDITOR.
        user_decks: The user's deck folder, where added notes and edited built-in decks go
            (None: adding and editing built-in decks are unavailable).
        sync_with_anki: Syncs the collection with Anki and returns the report's lines (None:
            not available here); called from a thread worker.
    """

    store: Store
    today: date
    clock: Clock = system_clock
    settings: Settings = field(default_factory=Settings)
    deck_files: Callable[[], list[Path]] = no_deck_files
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    user_decks: Path | None = None
    sync_with_anki: Callable[[], list[str]] | None = None


def next_language(language: LanguageChoice) -> LanguageChoice:
    """English, then Korean, then both, then English again."""
    return LANGUAGE_CYCLE[(LANGUAGE_CYCLE.index(language) + 1) % len(LANGUAGE_CYCLE)]

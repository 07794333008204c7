"""User settings from the config file (TOML), with the defaults Anki users expect.

Plain frozen dataclasses, so a start-up that finds its settings cached
(`cards.store.settings_cache`) never imports Pydantic. The fields, their types and `Bounds` are the
one statement of the rules: `cards.settings_file` has Pydantic validate the config file against
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

from cards.bounds import Bounds
from cards.decks.lint_settings import LintSettings
from cards.decks.vocabulary import LanguageChoice
from cards.schedule.deck_limits import DeckLimit
from cards.schedule.queue import (
    DEFAULT_LEECH_THRESHOLD,
    DEFAULT_NEW_PER_DAY,
    DEFAULT_REVIEWS_PER_DAY,
)
from cards.schedule.study_day import DEFAULT_ROLLOVER_HOUR
from cards.sync_settings import SyncSettings


@dataclass(frozen=True)
class DeckLimits:
    """A deck's own daily limits (`[decks."Amazon::IoT"]`), within the global ones."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    new_per_day: Annotated[int | None, Bounds(ge=0)] = None
    """New cards of this deck each day."""
    reviews_per_day: Annotated[int | None, Bounds(ge=0)] = None
    """Most cards of this deck a day."""


@dataclass(frozen=True)
class Settings:
    """What `config.toml` may set; every key is optional.

    `decks` is either a list of folders, or a table whose `folders` key lists them and whose
    other keys are deck names with their own limits (`[decks."Amazon::IoT"]`).
    """

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    decks: tuple[Path, ...] = ()
    """Folders (or files) of your own decks."""
    deck_limits: dict[str, DeckLimits] = field(default_factory=dict)
    """Per-deck limits, written [decks."Name"] in the file."""
    builtin_decks: bool = True
    """Include the decks shipped with Flywheel."""
    new_per_day: Annotated[int, Bounds(ge=0)] = DEFAULT_NEW_PER_DAY
    """New cards introduced each study day."""
    reviews_per_day: Annotated[int, Bounds(ge=0)] = DEFAULT_REVIEWS_PER_DAY
    """Most review cards shown each day."""
    rollover_hour: Annotated[int, Bounds(ge=0, le=23)] = DEFAULT_ROLLOVER_HOUR
    """Hour the study day starts, local."""
    leech_threshold: Annotated[int, Bounds(ge=1)] = DEFAULT_LEECH_THRESHOLD
    """Lapses before a card is suspended."""
    language: LanguageChoice = "both"
    """Language shown first."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. reveal = 'space,enter'."""
    lint: LintSettings = field(default_factory=LintSettings)
    """Thresholds of `flywheel check`'s warnings."""
    sync: SyncSettings = field(default_factory=SyncSettings)
    """Where and when `flywheel sync` syncs with Anki."""

    def deck_limit_list(self) -> tuple[DeckLimit, ...]:
        return tuple(
            DeckLimit(name, limits.new_per_day, limits.reviews_per_day)
            for name, limits in self.deck_limits.items()
        )

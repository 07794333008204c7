"""Everything a command needs to know before it starts: locations, settings and the study day."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.decks.user_decks import files_in_use
from cards.errors import FlywheelError
from cards.paths import ENV_TODAY, Locations, resolve_locations
from cards.schedule.queue import Limits
from cards.schedule.study_day import parse_day, study_day
from cards.settings import Settings
from cards.store.damage import refuse_if_damaged
from cards.store.deck_sync import SyncReport
from cards.store.settings_cache import ConfigStamp, load_settings
from cards.store.store import Store
from seeds import BUILTIN_DECKS

if TYPE_CHECKING:
    from cards.decks.loading import Collection


@dataclass(frozen=True)
class Workspace:
    """The resolved locations, settings and study day for one run of a command."""

    locations: Locations
    settings: Settings
    today: date
    warnings: list[str] = field(default_factory=list, compare=False)
    """Deck folders and entries left out (unreadable, not regular files), once each."""
    settings_to_cache: ConfigStamp | None = field(default=None, compare=False)
    """The config file's stamp when its settings were validated, to be cached in the store."""

    def deck_folders(self) -> list[Path]:
        """Built-in decks first, then the user's folder, then folders named in the config."""
        folders = [BUILTIN_DECKS] if self.settings.builtin_decks else []
        folders.append(self.locations.user_decks)
        folders.extend(self.settings.decks)
        return folders

    def deck_files(self) -> list[Path]:
        """The files of `deck_folders`, a user's copy of a built-in deck in its place."""
        skipped: list[str] = []
        paths = files_in_use(self.deck_folders(), self.locations.user_decks, skipped)
        self.warnings.extend(line for line in skipped if line not in self.warnings)
        return paths

    def load_collection(self) -> Collection:
        """Every deck file in use, read and validated (the models load here, not at start-up)."""
        from cards.decks.loading import load_collection

        return load_collection(self.deck_files())

    def limits(self) -> Limits:
        """The settings' limits (`cards.schedule.stretch` widens them for `--ahead` and `--new`)."""
        settings = self.settings
        return Limits(
            settings.new_per_day,
            settings.reviews_per_day,
            settings.leech_threshold,
            settings.deck_limit_list(),
        )

    def open_collection(self, limits: Limits | None = None) -> Store:
        """Open the collection database (not synced), caching freshly validated settings."""
        refuse_if_damaged(self.locations.db)
        store = Store.open(self.locations.database(), limits or self.limits())
        if store.read_only:
            self.warnings.append(
                f"{self.locations.db}: read-only: it is read as it is; deck file changes are "
                "not taken in, and nothing can be recorded"
            )
        elif self.settings_to_cache is not None:
            try:  # a cache: a full disk, say, only means validating the file again next time
                store.keep_settings(self.settings_to_cache, self.settings)
            except sqlite3.Error:
                pass
            except BaseException:
                store.close()
                raise
        return store

    def open_store(self, limits: Limits | None = None) -> tuple[Store, SyncReport]:
        """Open the collection database and sync the deck files in use into it."""
        store = self.open_collection(limits)
        try:
            report = store.sync(self.deck_files())
        except BaseException:
            store.close()
            raise
        return store, report


def open_workspace(
    env: Mapping[str, str],
    now: datetime,
    *,
    db: str | None = None,
    config: str | None = None,
    decks: str | None = None,
    today: str | None = None,
) -> Workspace:
    """Resolve options over environment over config file over defaults.

    Args:
        env: the process environment (passed in so tests control it).
        now: the current aware time; the only clock read is the caller's.
        db, config, decks, today: command-line options, None when not given.
    """
    if today == "":  # as an empty path: `--today "$DAY"` with DAY unset is no study day
        raise FlywheelError("--today: an empty day (is a shell variable unset?)")
    locations = resolve_locations(env, db=db, config=config, decks=decks)
    loaded = load_settings(locations.config, locations.db, now)
    settings = loaded.settings
    day_text = today or env.get(ENV_TODAY)
    try:
        day = parse_day(day_text) if day_text else study_day(now, settings.rollover_hour)
    except ValueError as error:
        raise FlywheelError(f"--today: {error}") from None
    return Workspace(locations, settings, day, settings_to_cache=loaded.to_cache)

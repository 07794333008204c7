"""Where Flywheel keeps things: one place that knows, with option and environment overrides.

Precedence for each location: command-line option, then environment variable, then the
platform's data or config folder (platformdirs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "flywheel"
ENV_DB = "FLYWHEEL_DB"
ENV_CONFIG = "FLYWHEEL_CONFIG"
ENV_DECKS = "FLYWHEEL_DECKS"
ENV_TODAY = "FLYWHEEL_TODAY"


@dataclass(frozen=True)
class Locations:
    """The collection database, the config file and the user's own deck folder."""

    db: Path
    config: Path
    user_decks: Path


def resolve_locations(
    env: Mapping[str, str],
    db: str | None = None,
    config: str | None = None,
    decks: str | None = None,
) -> Locations:
    """Resolve each location from an option, the environment, or the platform default."""
    data_dir = platformdirs.user_data_path(APP_NAME)
    db_path = db or env.get(ENV_DB) or data_dir / "collection.sqlite3"
    config_path = (
        config or env.get(ENV_CONFIG) or (platformdirs.user_config_path(APP_NAME) / "config.toml")
    )
    decks_path = decks or env.get(ENV_DECKS) or data_dir / "decks"
    return Locations(
        db=Path(db_path).expanduser(),
        config=Path(config_path).expanduser(),
        user_decks=Path(decks_path).expanduser(),
    )

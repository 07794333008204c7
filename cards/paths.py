"""Where Flywheel keeps things: one place that knows, with option and environment overrides.

Precedence for each location: command-line option, then environment variable, then the
platform's data or config folder (platformdirs, imported only when a default is needed: it
takes milliseconds of every start-up that names its locations).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from cards.errors import FlywheelError

APP_NAME = "flywheel"
ENV_DB = "FLYWHEEL_DB"
ENV_CONFIG = "FLYWHEEL_CONFIG"
ENV_DECKS = "FLYWHEEL_DECKS"
ENV_TODAY = "FLYWHEEL_TODAY"


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Locations(NamedTuple):
    """The collection database, the config file and the user's own deck folder."""

    db: Path
    config: Path
    user_decks: Path
    db_is_default: bool = False
    """Only the default database's folder is created; a folder named by the user must exist."""

    def database(self) -> Path:
        """The database path, ready to open: its folder made if it is the default one."""
        folder = self.db.parent
        if self.db_is_default:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise FlywheelError(f"{folder}: cannot create: {error.strerror}") from None
        elif not folder.is_dir():
            raise FlywheelError(f"{self.db}: folder {folder} does not exist (create it first)")
        return self.db


def resolve_locations(
    env: Mapping[str, str],
    db: str | None = None,
    config: str | None = None,
    decks: str | None = None,
) -> Locations:
    """Resolve each location from an option, the environment, or the platform default.

    An option given as an empty string (`--db "$UNSET"`) is an error rather than the default:
    a script meaning another collection must not silently write to the everyday one. An empty
    environment variable counts as unset, as shells treat it.
    """
    for option, value in (("--db", db), ("--config", config), ("--decks", decks)):
        if value is not None and not value.strip():
            raise FlywheelError(f"{option}: an empty path (is a shell variable unset?)")
    db_path = db or env.get(ENV_DB) or _default_folder("data") / "collection.sqlite3"
    config_path = config or env.get(ENV_CONFIG) or _default_folder("config") / "config.toml"
    decks_path = decks or env.get(ENV_DECKS) or _default_folder("data") / "decks"
    return Locations(
        db=home_expanded(db_path, "--db" if db else ENV_DB),
        config=home_expanded(config_path, "--config" if config else ENV_CONFIG),
        user_decks=home_expanded(decks_path, "--decks" if decks else ENV_DECKS),
        db_is_default=not (db or env.get(ENV_DB)),
    )


def home_expanded(path: str | Path, where: str) -> Path:
    """`path` with a leading `~` or `~user` expanded; an unknown user is an error naming
    `where` the path came from."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise FlywheelError(f"{where}: {path}: no such user's home folder") from None


def _default_folder(kind: Literal["data", "config"]) -> Path:
    """The platform's data or config folder for Flywheel."""
    import platformdirs

    if kind == "data":
        return platformdirs.user_data_path(APP_NAME)
    return platformdirs.user_config_path(APP_NAME)

"""User settings from the config file (TOML), with the defaults Anki users expect."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cards.errors import FlywheelError
from cards.lint import LintSettings
from cards.models import LanguageChoice
from cards.problems import field_path, friendly_message
from cards.queue import DEFAULT_LEECH_THRESHOLD, DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY


class Settings(BaseModel):
    """What `config.toml` may set; every key is optional."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decks: tuple[Path, ...] = Field((), description="Folders (or files) of your own decks.")
    builtin_decks: bool = Field(True, description="Include the decks shipped with Flywheel.")
    new_per_day: int = Field(
        DEFAULT_NEW_PER_DAY, ge=0, description="New cards introduced each study day."
    )
    reviews_per_day: int = Field(
        DEFAULT_REVIEWS_PER_DAY, ge=0, description="Most review cards shown each day."
    )
    rollover_hour: int = Field(4, ge=0, le=23, description="Hour the study day starts, local.")
    leech_threshold: int = Field(
        DEFAULT_LEECH_THRESHOLD, ge=1, description="Lapses before a card is suspended."
    )
    language: LanguageChoice = Field("both", description="Language shown first.")
    keymap: dict[str, str] = Field(
        default_factory=dict, description="Binding id -> keys, e.g. reveal = 'space,enter'."
    )
    lint: LintSettings = Field(
        default_factory=LintSettings, description="Thresholds of `flywheel check`'s warnings."
    )


def load_settings(path: Path) -> Settings:
    """Read `path`; a missing file means the defaults, a bad one a readable error."""
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise FlywheelError(f"{path}: cannot read the config file: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FlywheelError(f"{path}: TOML syntax: {error}") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        lines = [
            f"{path}: {field_path(tuple(e['loc']))}: {friendly_message(e)}" for e in error.errors()
        ]
        raise FlywheelError("\n".join(lines)) from None
    base = path.parent
    return settings.model_copy(
        update={"decks": tuple(base / folder.expanduser() for folder in settings.decks)}
    )

"""User settings from the config file (TOML), with the defaults Anki users expect."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cards.deck_limits import DeckLimit
from cards.errors import FlywheelError
from cards.lint_settings import LintSettings
from cards.problems import field_path, friendly_message
from cards.queue import DEFAULT_LEECH_THRESHOLD, DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from cards.vocabulary import LanguageChoice


class DeckLimits(BaseModel):
    """A deck's own daily limits (`[decks."Amazon::IoT"]`), within the global ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    new_per_day: int | None = Field(None, ge=0, description="New cards of this deck each day.")
    reviews_per_day: int | None = Field(None, ge=0, description="Most cards of this deck a day.")


class Settings(BaseModel):
    """What `config.toml` may set; every key is optional.

    `decks` is either a list of folders, or a table whose `folders` key lists them and whose
    other keys are deck names with their own limits (`[decks."Amazon::IoT"]`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    decks: tuple[Path, ...] = Field((), description="Folders (or files) of your own decks.")
    deck_limits: dict[str, DeckLimits] = Field(
        default_factory=dict, description='Per-deck limits, written [decks."Name"] in the file.'
    )
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

    @model_validator(mode="before")
    @classmethod
    def _decks_table(cls, data: Any) -> Any:
        """`[decks."Name"]` tables are deck limits; `decks.folders` the folders."""
        if isinstance(data, dict) and isinstance(data.get("decks"), dict):
            table = dict(data["decks"])
            folders = table.pop("folders", ())
            return {**data, "decks": folders, "deck_limits": table}
        return data

    def deck_limit_list(self) -> tuple[DeckLimit, ...]:
        return tuple(
            DeckLimit(name, limits.new_per_day, limits.reviews_per_day)
            for name, limits in self.deck_limits.items()
        )


MAX_CONFIG_BYTES = 1 << 20
"""A config file is a few lines; anything past a megabyte is not one (`--config /dev/zero`)."""


def load_settings(path: Path) -> Settings:
    """Read `path`; a missing file means the defaults, a bad one a readable error."""
    try:
        text = _read_config(path)
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise FlywheelError(f"{path}: cannot read the config file: {reason}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FlywheelError(f"{path}: TOML syntax: {error}") from None
    except RecursionError:
        raise FlywheelError(f"{path}: TOML syntax: arrays or tables nested too deeply") from None
    except ValueError:
        raise FlywheelError(f"{path}: TOML syntax: a number too long to read") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        lines = [
            f"{path}: {_config_key(tuple(e['loc']))}: {friendly_message(e)}" for e in error.errors()
        ]
        raise FlywheelError("\n".join(lines)) from None
    base = path.parent
    return settings.model_copy(
        update={"decks": tuple(base / folder.expanduser() for folder in settings.decks)}
    )


def _read_config(path: Path) -> str:
    """The config file's text, read only as far as `MAX_CONFIG_BYTES` (`/dev/null` and
    `<(echo ...)` remain usable)."""
    with path.open("rb") as file:
        raw = file.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:
        raise OSError(0, f"larger than {MAX_CONFIG_BYTES // 1024} KiB; not a config file")
    return raw.decode("utf-8-sig")


def _config_key(loc: tuple[int | str, ...]) -> str:
    """Errors in deck limits are named as written: `decks.Amazon::IoT.new_per_day`."""
    if loc and loc[0] == "deck_limits":
        loc = ("decks", *loc[1:])
    return field_path(loc)

"""Reading and validating the config file with Pydantic: imported only when no cached settings
fit, since building the validator is most of a start-up's cost."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cards.errors import FlywheelError
from cards.problems import field_path, friendly_message
from cards.settings import Settings

MAX_CONFIG_BYTES = 1 << 20
"""A config file is a few lines; anything past a megabyte is not one (`--config /dev/zero`)."""

_ADAPTER = TypeAdapter(Settings)


def read_settings(path: Path) -> Settings:
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
        settings = _ADAPTER.validate_python(_decks_table(data))
    except ValidationError as error:
        lines = [
            f"{path}: {_config_key(tuple(e['loc']))}: {friendly_message(e)}" for e in error.errors()
        ]
        raise FlywheelError("\n".join(lines)) from None
    base = path.parent
    return replace(settings, decks=tuple(base / folder.expanduser() for folder in settings.decks))


def _decks_table(data: dict[str, Any]) -> dict[str, Any]:
    """`[decks."Name"]` tables are deck limits; `decks.folders` the folders."""
    if isinstance(data.get("decks"), dict):
        table = dict(data["decks"])
        folders = table.pop("folders", ())
        return {**data, "decks": folders, "deck_limits": table}
    return data


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

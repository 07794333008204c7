"""Reading and validating the config file with Pydantic: imported only when no cached settings
fit, since building the validator is most of a start-up's cost."""

from __future__ import annotations

import os
import select
import stat
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cards.decks.problems import field_path, friendly_message
from cards.errors import FlywheelError
from cards.paths import home_expanded
from cards.settings import Settings

MAX_CONFIG_BYTES = 1 << 20
"""A config file is a few lines; anything past a megabyte is not one (`--config /dev/zero`)."""

PIPE_WAIT_SECONDS = 3.0
"""How long a config that is a pipe or a device may keep Flywheel waiting for its text."""

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
    _refuse_empty_folders(path, data)
    try:
        settings = _ADAPTER.validate_python(_decks_table(data))
    except ValidationError as error:
        lines = [
            f"{path}: {_config_key(tuple(e['loc']))}: {friendly_message(e)}" for e in error.errors()
        ]
        raise FlywheelError("\n".join(lines)) from None
    base, where = path.parent, f"{path}: decks"
    return replace(
        settings, decks=tuple(base / home_expanded(folder, where) for folder in settings.decks)
    )


def _refuse_empty_folders(path: Path, data: dict[str, Any]) -> None:
    """An empty name would mean the config's own folder, and the config file in it a deck."""
    decks = data.get("decks")
    folders, key = (
        (decks.get("folders"), "decks.folders")
        if isinstance(decks, dict)
        else (
            decks,
            "decks",
        )
    )
    if not isinstance(folders, list):
        return  # validation names what is wrong
    for number, folder in enumerate(folders):
        if isinstance(folder, str) and not folder.strip():
            raise FlywheelError(
                f"{path}: {key}[{number}]: an empty folder name (it would read the config's "
                "own folder); name the folder"
            )


def _decks_table(data: dict[str, Any]) -> dict[str, Any]:
    """`[decks."Name"]` tables are deck limits; `decks.folders` the folders."""
    if isinstance(data.get("decks"), dict):
        table = dict(data["decks"])
        folders = table.pop("folders", ())
        return {**data, "decks": folders, "deck_limits": table}
    return data


def _read_config(path: Path) -> str:
    """The config file's text, read only as far as `MAX_CONFIG_BYTES` (`/dev/null` and
    `<(echo ...)` remain usable).

    Opening a named pipe waits for a writer, and reading a terminal for a line, without end;
    anything but a regular file is opened without waiting and given `PIPE_WAIT_SECONDS` for
    each piece of its text.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(descriptor, "rb", buffering=0, closefd=True) as file:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_CONFIG_BYTES:
            if not regular and not _readable_soon(descriptor):
                raise OSError(
                    0,
                    "not a regular file, and nothing came through it within "
                    f"{PIPE_WAIT_SECONDS:g} s",
                )
            chunk = file.read(MAX_CONFIG_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > MAX_CONFIG_BYTES:
        raise OSError(0, f"larger than {MAX_CONFIG_BYTES // 1024} KiB; not a config file")
    return b"".join(chunks).decode("utf-8-sig")


def _readable_soon(descriptor: int) -> bool:
    """Whether the pipe or device has text (or its end) within `PIPE_WAIT_SECONDS`."""
    poller = select.poll()
    poller.register(descriptor, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(PIPE_WAIT_SECONDS * 1000))


def _config_key(loc: tuple[int | str, ...]) -> str:
    """Errors in deck limits are named as written: `decks.Amazon::IoT.new_per_day`."""
    if loc and loc[0] == "deck_limits":
        loc = ("decks", *loc[1:])
    return field_path(loc)

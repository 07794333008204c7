"""Settings without Pydantic when the config file has not changed since it was last validated.

The validated settings are kept in the collection database (`settings_cache`, migration 10),
keyed by the config file's path and stat and by `CACHE_VERSION`. Reading the cache never fails a
command: any trouble with the database is a miss, and a miss validates the file as always. Only
regular files are cached (a FIFO or `<(echo ...)` reads differently each time), and only once
they have been still for `RACY_NS`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import (
    Annotated,
    Any,
    Literal,
    NamedTuple,
    TypeVar,
    get_args,
    get_origin,
    get_type_hints,
)

from cards.bounds import Bounds
from cards.decks.lint_settings import LintSettings
from cards.settings import DeckLimits, Settings
from cards.store.database import APPLICATION_ID
from cards.sync_settings import SyncSettings

T = TypeVar("T")

CACHE_VERSION = 2
"""Bump when the settings' fields or their rules change: older rows then no longer match."""


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class ConfigStamp(NamedTuple):
    """What identifies one version of a config file: a change of content changes its stat."""

    path: str
    mtime_ns: int
    size: int
    ctime_ns: int


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class LoadedSettings(NamedTuple):
    """The settings, and the stamp to cache them under once the store is open (None: nothing
    to write, as after a cache hit, a missing file or one that is not a regular file)."""

    settings: Settings
    to_cache: ConfigStamp | None = None


RACY_NS = 2 * 10**9
"""A file changed this recently (nanoseconds) may change again within its file system's
timestamp granularity, keeping its stat; as git does with a "racily clean" file, it is not cached
until it has been still this long."""


def settled_by(info: os.stat_result) -> int:
    """When (nanoseconds since the epoch) a file with this stat has been still for `RACY_NS`."""
    return max(info.st_mtime_ns, info.st_ctime_ns) + RACY_NS


def load_settings(config: Path, db: Path, now: datetime) -> LoadedSettings:
    """The config's settings: the defaults if it is missing, else cached or validated."""
    try:
        info = config.stat()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError:
        info = None  # reading it says what is wrong
    stamp = None
    now_ns = int(now.timestamp() * 10**9)
    if info is not None and stat.S_ISREG(info.st_mode) and settled_by(info) < now_ns:
        stamp = ConfigStamp(_path_key(config), info.st_mtime_ns, info.st_size, info.st_ctime_ns)
        cached = read_cache(db, stamp)
        if cached is not None:
            return LoadedSettings(cached)
    from cards.settings_file import read_settings  # Pydantic, on a miss only

    return LoadedSettings(read_settings(config), stamp)


def _path_key(config: Path) -> str:
    """The config's absolute path as text; bytes that are not UTF-8 are written `\\xe9`."""
    return os.fsencode(os.path.abspath(config)).decode("utf-8", "backslashreplace")


def read_cache(db: Path, stamp: ConfigStamp) -> Settings | None:
    """The settings cached for `stamp` in the collection at `db`, read without writing."""
    try:
        if not db.is_file():
            return None
        connection = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=0)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        row = connection.execute(
            "SELECT settings FROM settings_cache WHERE path = ? AND mtime_ns = ? AND size = ?"
            " AND ctime_ns = ? AND version = ?",
            (stamp.path, stamp.mtime_ns, stamp.size, stamp.ctime_ns, CACHE_VERSION),
        ).fetchone()
        return decode(row[0]) if row is not None else None
    except (sqlite3.Error, ValueError, TypeError, KeyError, RecursionError):
        return None
    finally:
        connection.close()


def write_cache(connection: sqlite3.Connection, stamp: ConfigStamp, settings: Settings) -> None:
    """Keep `settings` for `stamp`, replacing what was kept for the same config path (inside the
    caller's write transaction: `Store.keep_settings`)."""
    connection.execute(
        "INSERT OR REPLACE INTO settings_cache"
        " (path, mtime_ns, size, ctime_ns, version, settings) VALUES (?, ?, ?, ?, ?, ?)",
        (
            stamp.path,
            stamp.mtime_ns,
            stamp.size,
            stamp.ctime_ns,
            CACHE_VERSION,
            encode(settings),
        ),
    )


def encode(settings: Settings) -> str:
    data = asdict(settings)
    data["decks"] = [str(folder) for folder in settings.decks]
    return json.dumps(data, sort_keys=True)  # ASCII: a folder's odd bytes survive as escapes


def decode(text: str) -> Settings:
    """The settings `encode` wrote; a row of another shape raises (ValueError, TypeError)."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("not a table")
    decks, limits, keymap = data.pop("decks"), data.pop("deck_limits"), data.pop("keymap")
    settings = Settings(
        decks=tuple(Path(_typed(folder, str)) for folder in _typed(decks, list)),
        deck_limits={
            _typed(name, str): DeckLimits(**_fields(DeckLimits, value))
            for name, value in _typed(limits, dict).items()
        },
        keymap={_typed(key, str): _typed(keys, str) for key, keys in _typed(keymap, dict).items()},
        lint=LintSettings(**_fields(LintSettings, data.pop("lint"))),
        sync=SyncSettings(**_fields(SyncSettings, data.pop("sync"))),
        **_fields(Settings, data, skip={"decks", "deck_limits", "keymap", "lint", "sync"}),
    )
    for part in (settings, settings.lint, *settings.deck_limits.values()):
        _obey_rules(part)
    return settings


def _obey_rules(instance: object) -> None:
    """Raise ValueError unless each field keeps its bounds and choices: a row written by hand
    or by another version may hold what validating the file never lets through."""
    hints = get_type_hints(type(instance), include_extras=True)
    for item in fields(instance):  # type: ignore[arg-type]
        value, hint = getattr(instance, item.name), hints[item.name]
        if get_origin(hint) is Annotated:
            bounds = [meta for meta in hint.__metadata__ if isinstance(meta, Bounds)]
            if value is not None and not all(bound.admits(value) for bound in bounds):
                raise ValueError(f"{item.name} out of bounds")
            hint = get_args(hint)[0]
        if get_origin(hint) is Literal and value not in get_args(hint):
            raise ValueError(f"{item.name} not one of its choices")


def _fields(cls: type[Any], data: object, skip: frozenset[str] | set[str] = frozenset()) -> Any:
    """`data`'s values for the plain fields of dataclass `cls`, each of its default's type."""
    wanted = {f.name: f.default for f in fields(cls) if f.name not in skip}
    if not isinstance(data, dict) or set(data) != set(wanted):
        raise ValueError(f"not the fields of {cls.__name__}")
    return {name: _like(data[name], default) for name, default in wanted.items()}


def _like(value: object, default: object) -> object:
    if default is None:  # an optional count
        return None if value is None else _typed(value, int)
    if isinstance(default, float) and type(value) is int:
        return float(value)
    return _typed(value, type(default))


def _typed(value: object, kind: type[T]) -> T:
    if type(value) is not kind:
        raise TypeError(f"{value!r} is not {kind.__name__}")
    return value

"""The config's settings cached in the collection: a changed file is validated again, a cached
one gives what validating it gives, and trouble with the cache is a miss, never an error."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.settings import Settings
from cards.settings_file import read_settings
from cards.store import settings_cache
from cards.store.settings_cache import ConfigStamp, load_settings, read_cache
from cards.store.store import Store
from cards.workspace import open_workspace
from tests.old_schema import take_back_to

LATER = datetime.now(UTC) + timedelta(hours=1)
"""A clock past the files' timestamps, so a file just written counts as settled."""

CONFIG = 'builtin_decks = false\nnew_per_day = 7\n[lint]\nphrase_share = 1\n[decks."Test"]\n'


def cache_settings(env: dict[str, str]) -> None:
    """Open the workspace and its store, as a command does, which caches the settings."""
    store, _ = open_workspace(env, LATER).open_store()
    store.close()


def paths(env: dict[str, str]) -> tuple[Path, Path]:
    return Path(env["FLYWHEEL_CONFIG"]), Path(env["FLYWHEEL_DB"])


def test_a_cached_config_gives_what_validating_it_gives(env: dict[str, str]) -> None:
    config, db = paths(env)
    config.write_text(CONFIG)
    assert load_settings(config, db, LATER).to_cache is not None  # no database yet: a miss
    cache_settings(env)
    loaded = load_settings(config, db, LATER)
    assert loaded.to_cache is None  # a hit
    assert loaded.settings == read_settings(config)
    assert loaded.settings.new_per_day == 7
    assert loaded.settings.lint.phrase_share == 1
    assert loaded.settings.deck_limit_list()[0].deck == "Test"


def test_an_edit_of_the_same_size_is_validated_again(env: dict[str, str]) -> None:
    config, db = paths(env)
    config.write_text("new_per_day = 7\n")
    settled = config.stat().st_mtime_ns - 10**10  # written ten seconds ago
    os.utime(config, ns=(settled, settled))
    cache_settings(env)
    assert load_settings(config, db, LATER).settings.new_per_day == 7
    config.write_text("new_per_day = 8\n")  # an edit stamps the file with the present time
    loaded = load_settings(config, db, LATER)
    assert loaded.settings.new_per_day == 8
    assert loaded.to_cache is not None


def test_an_invalid_edit_is_reported_as_before(env: dict[str, str]) -> None:
    config, _ = paths(env)
    config.write_text("new_per_day = 7\n")
    os.utime(config, ns=(0, 0))
    cache_settings(env)
    config.write_text("new_per_day = -7\n")
    with pytest.raises(FlywheelError) as error:
        open_workspace(env, LATER)
    assert str(error.value) == f"{config}: new_per_day: Input should be greater than or equal to 0"


def test_a_config_just_written_is_not_cached_yet(env: dict[str, str]) -> None:
    config, db = paths(env)
    now = datetime.now(UTC)
    assert load_settings(config, db, now).to_cache is None
    store, _ = open_workspace(env, now).open_store()
    store.close()
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT count(*) FROM settings_cache").fetchone() == (0,)


def test_a_config_that_is_not_a_regular_file_is_never_cached(tmp_path: Path) -> None:
    loaded = load_settings(Path("/dev/null"), tmp_path / "c.db", LATER)
    assert loaded == settings_cache.LoadedSettings(Settings())
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=("new_per_day = 9\n",))
    writer.start()
    try:
        loaded = load_settings(fifo, tmp_path / "c.db", LATER)
    finally:
        writer.join()
    assert loaded == settings_cache.LoadedSettings(Settings(new_per_day=9))


def test_a_missing_config_is_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml", tmp_path / "c.db", LATER).settings == Settings()


def schema_9(db: Path) -> None:
    """The database as migration 9 left it, before the cache (and what sync with Anki keeps)."""
    take_back_to(db, 9)


def damaged_row(db: Path) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE settings_cache SET settings = '{\"decks\": [1]}'")


def foreign(db: Path) -> None:
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA application_id = 7")


def not_sqlite(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"not a database" * 100)


def a_folder(db: Path) -> None:
    not_sqlite(db)
    db.unlink()
    db.mkdir()


@pytest.mark.parametrize("damage", [schema_9, damaged_row, foreign, not_sqlite, a_folder])
def test_a_database_without_a_usable_cache_is_a_miss(
    env: dict[str, str], damage: Callable[[Path], None]
) -> None:
    config, db = paths(env)
    config.write_text(CONFIG)
    cache_settings(env)
    damage(db)
    loaded = load_settings(config, db, LATER)
    assert loaded.to_cache is not None
    assert loaded.settings == read_settings(config)


def test_a_row_of_another_cache_version_is_a_miss(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, db = paths(env)
    cache_settings(env)
    info = config.stat()
    stamp = ConfigStamp(str(config.absolute()), info.st_mtime_ns, info.st_size, info.st_ctime_ns)
    assert read_cache(db, stamp) is not None
    monkeypatch.setattr(settings_cache, "CACHE_VERSION", settings_cache.CACHE_VERSION + 1)
    assert read_cache(db, stamp) is None


def test_migration_10_adds_the_cache_table(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store.open(db).close()
    schema_9(db)
    Store.open(db).close()
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT count(*) FROM settings_cache").fetchone() == (0,)

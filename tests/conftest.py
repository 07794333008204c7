"""Shared fixtures: deck files written into a temp folder, and an isolated environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cards.schedule.queue import Limits
from cards.store.settings_cache import settled_by
from cards.store.store import Store

if TYPE_CHECKING:
    from anki.collection import Collection as AnkiCollection

GOOD_DECK = """\
name = "Test::Basics"
description = "A small deck for tests."

[[notes]]
id = "test/capital"
kind = "basic"
tags = ["geo"]
en.front = "Capital of Korea?"
en.back = "Seoul"
ko.front = "한국의 수도는?"
ko.back = "서울"

[[notes]]
id = "test/pair"
kind = "reverse"
en.front = "flywheel"
en.back = "a wheel that stores momentum"

[[notes]]
id = "test/cloze"
kind = "cloze"
tags = ["figures"]
en.text = "Amazon began in {{c1::1994}} with {{c2::$300,000::amount}}."
ko.text = "아마존은 {{c1::1994}}년에 {{c2::30만 달러}}로 시작했다."
"""


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[..., Path]:
    """Write deck text (str or bytes) to a file in a temp folder and return its path."""

    def write(content: str | bytes, name: str = "deck.toml") -> Path:
        path = tmp_path / "decks" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment variables that keep a test's database, config and decks in its temp folder."""
    env = {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(tmp_path / "config.toml"),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": "2026-01-15",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def env(isolated_env: dict[str, str], write_deck: Callable[..., Path]) -> dict[str, str]:
    """A user with the small test deck only (no built-in decks), so the queue is known exactly."""
    write_deck(GOOD_DECK)
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    return isolated_env


@pytest.fixture
def deck(write_deck: Callable[..., Path]) -> Path:
    """The small test deck (`GOOD_DECK`) as a file."""
    return write_deck(GOOD_DECK)


@pytest.fixture
def store(tmp_path: Path, deck: Path) -> Iterator[Store]:
    """A collection on a real SQLite file, the small test deck synced, nothing answered."""
    with Store.open(tmp_path / "c.db", Limits(new_per_day=20)) as store:
        store.sync([deck])
        yield store


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Callable[[str], AnkiCollection]]:
    """Open fresh Anki collections in the temp folder; all are closed afterwards."""
    from anki.collection import Collection  # only the tests that ask for Anki load it

    opened: list[AnkiCollection] = []

    def open_collection(name: str = "anki") -> AnkiCollection:
        folder = tmp_path / name
        folder.mkdir()
        collection = Collection(str(folder / "collection.anki2"))
        opened.append(collection)
        return collection

    yield open_collection
    for collection in opened:
        collection.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that opens a real Anki collection, so `-m "not anki"` can leave them out."""
    for item in items:
        if "anki" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.anki)


def flywheel(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a subprocess, as a user or a script would."""
    return subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=cwd,
        timeout=120,
    )


def wait_until_settled(config: Path) -> None:
    """Let a config file just written grow old enough for its settings to be cached, as an
    everyday config file is (`cards.store.settings_cache.settled_by`)."""
    time.sleep(max(0.0, settled_by(config.stat()) / 1e9 - time.time()) + 0.05)

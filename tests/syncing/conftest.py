"""Fixtures of the sync tests: a real sync server, a Flywheel that syncs with it, a phone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.syncing.support import PASSWORD, SMALL_DECK, Phone, SyncServer, start_server


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[SyncServer]:
    """A server of the test's own (it starts in under a second)."""
    base = tmp_path / "sync-server"
    base.mkdir()
    server = start_server(base)
    yield server
    server.stop()


@dataclass(frozen=True)
class Desk:
    """One user's Flywheel (its files and environment) and the account it syncs with."""

    db: Path
    decks: Path
    config: Path
    state: Path
    user: str
    url: str

    def sync_args(self, *more: str) -> list[str]:
        return ["sync", "--server", self.url, "--user", self.user, *more]


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sync_server: SyncServer) -> Desk:
    """Flywheel with one small deck of the user's (no built-in decks), not yet logged in."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "small.toml").write_text(SMALL_DECK, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text("builtin_decks = false\n", encoding="utf-8")
    found = Desk(
        tmp_path / "collection.sqlite3",
        decks,
        config,
        tmp_path / "state",
        sync_server.account(),
        sync_server.url,
    )
    for key, value in {
        "FLYWHEEL_DB": str(found.db),
        "FLYWHEEL_DECKS": str(decks),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_TODAY": "2026-03-02",
        "FLYWHEEL_SYNC_PASSWORD": PASSWORD,
        "XDG_STATE_HOME": str(found.state),
    }.items():
        monkeypatch.setenv(key, value)
    return found


@pytest.fixture
def phone(tmp_path: Path, desk: Desk, sync_server: SyncServer) -> Iterator[Phone]:
    """The same account's phone, with an empty collection until it syncs."""
    device = Phone(tmp_path / "phone.anki2", sync_server, desk.user)
    yield device
    device.close()

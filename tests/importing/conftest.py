"""Fixtures of the import tests: packages built once by real Anki, and a user with no decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.anki_packages import Built, build
from tests.importing.support import today


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text("builtin_decks = false\n", encoding="utf-8")
    return {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": today().isoformat(),
    }

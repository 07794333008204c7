"""What a start-up imports: an unchanged, cached config loads without Pydantic, and locations
that are all given need no platformdirs. Each check runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cards.settings_file import read_settings
from cards.store.settings_cache import encode
from cards.workspace import open_workspace
from tests.conftest import wait_until_settled

LATER = datetime.now(UTC) + timedelta(hours=1)

LOAD = """
import json, sys
from datetime import datetime
from pathlib import Path
from cards.store.settings_cache import encode, load_settings
loaded = load_settings(Path(sys.argv[1]), Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]))
print(json.dumps([encode(loaded.settings), loaded.to_cache is None, "pydantic" in sys.modules]))
"""


def load_fresh(config: Path, db: Path) -> tuple[str, bool, bool]:
    """Settings loaded by a fresh interpreter: encoded, whether a hit, whether Pydantic came."""
    command = [sys.executable, "-c", LOAD, str(config), str(db), LATER.isoformat()]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    encoded, hit, pydantic = json.loads(out)
    return encoded, hit, pydantic


def test_an_unchanged_cached_config_loads_without_pydantic(env: dict[str, str]) -> None:
    config, db = Path(env["FLYWHEEL_CONFIG"]), Path(env["FLYWHEEL_DB"])
    config.write_text(
        'builtin_decks = false\nrollover_hour = 5\n[decks]\nfolders = ["mine"]\n'
        '[decks."Test"]\nnew_per_day = 1\n'
    )
    assert load_fresh(config, db) == (encode(read_settings(config)), False, True)
    store, _ = open_workspace(env, LATER).open_store()
    store.close()
    assert load_fresh(config, db) == (encode(read_settings(config)), True, False)


def test_a_missing_config_loads_without_pydantic(tmp_path: Path) -> None:
    encoded, _, pydantic = load_fresh(tmp_path / "none.toml", tmp_path / "c.db")
    assert json.loads(encoded)["new_per_day"] == 20
    assert not pydantic


PATHS = """
import sys
from cards.paths import resolve_locations
given = dict(zip(("db", "config", "decks"), sys.argv[1:]))
print(resolve_locations({}, **given).config, "platformdirs" in sys.modules)
"""


def test_locations_all_given_need_no_platformdirs(tmp_path: Path) -> None:
    given = [str(tmp_path / name) for name in ("c.db", "config.toml", "decks")]
    out = subprocess.run(
        [sys.executable, "-c", PATHS, *given], capture_output=True, text=True, check=True
    ).stdout
    assert out == f"{tmp_path / 'config.toml'} False\n"
    default = subprocess.run(
        [sys.executable, "-c", PATHS, *given[:1]], capture_output=True, text=True, check=True
    ).stdout
    assert default.endswith("config.toml True\n")
    assert "flywheel" in default


COMMAND = """
import sys
from tui.commands.cli import main
status = main(sys.argv[1:])
heavy = ("pydantic", "markdown_it", "textual", "cards.decks.models", "shutil")
print("loaded:", *sorted(name for name in heavy if name in sys.modules))
sys.exit(status)
"""


def heavy_loaded(env: dict[str, str], *argv: str) -> list[str]:
    """What of Pydantic, markdown-it, Textual, the models and shutil (with its archive modules)
    `flywheel ARGV` loaded, run in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", COMMAND, *argv], env={**os.environ, **env}, capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()
    last = result.stdout.decode().splitlines()[-1]
    return last.split()[1:]


def test_commands_with_unchanged_decks_load_none_of_the_heavy_modules(
    env: dict[str, str],
) -> None:
    wait_until_settled(Path(env["FLYWHEEL_CONFIG"]))  # a config just written is not cached yet
    assert "pydantic" in heavy_loaded(env, "due", "--json")  # the first sync reads the decks
    assert heavy_loaded(env, "due", "--json") == []
    assert heavy_loaded(env, "answer", "test/capital#fwd", "4") == []
    assert heavy_loaded(env, "undo") == []
    assert heavy_loaded(env, "stats", "--json") == []
    deck = Path(env["FLYWHEEL_DECKS"]) / "deck.toml"
    deck.write_text(deck.read_text() + "\n")
    assert "cards.decks.models" in heavy_loaded(env, "due")  # a changed file is read and validated
    assert heavy_loaded(env, "due") == []

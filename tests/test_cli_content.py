"""The content commands (`check`, `list`, `schema`, `paths`) through the real `flywheel` script."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from seeds import SCHEMA_FILE
from tests.conftest import GOOD_DECK, flywheel
from tui.commands.schema_command import deck_schema_json


def test_check_passes_on_every_deck_in_use(isolated_env: dict[str, str]) -> None:
    result = flywheel("check", env=isolated_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")


def test_check_reports_all_problems_and_exits_1(
    isolated_env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    bad = write_deck('name = "T"\n[[notes]]\nid = "A"\nen.front = "q"\n', "bad.toml")
    result = flywheel("check", str(bad), env=isolated_env)
    assert result.returncode == 1
    assert f"{bad}:3: A: id: not a slug" in result.stdout
    assert f"{bad}:2: A: en: a basic note needs `back`" in result.stdout
    assert result.stdout.strip().endswith("2 problems found")
    assert "Traceback" not in result.stderr


def test_check_of_missing_path(isolated_env: dict[str, str], tmp_path: Path) -> None:
    result = flywheel("check", str(tmp_path / "nope.toml"), env=isolated_env)
    assert result.returncode == 1
    assert "nope.toml: no such file or folder" in result.stdout


def test_user_decks_join_the_built_in_ones(
    isolated_env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    write_deck(GOOD_DECK)
    result = flywheel("list", "--deck", "test", "--json", env=isolated_env)
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)
    assert [note["id"] for note in notes] == ["test/capital", "test/pair", "test/cloze"]
    assert notes[2]["cards"] == ["test/cloze#c1", "test/cloze#c2"]
    assert notes[0]["ko"] == {"front": "한국의 수도는?", "back": "서울"}


def test_list_filters_by_tag(isolated_env: dict[str, str], write_deck: Callable[..., Path]) -> None:
    write_deck(GOOD_DECK)
    result = flywheel("list", "--tag", "figures", env=isolated_env)
    assert result.returncode == 0
    assert "test/cloze" in result.stdout
    assert "test/capital" not in result.stdout


def test_list_of_an_unknown_deck_names_the_decks(isolated_env: dict[str, str]) -> None:
    result = flywheel("list", "--deck", "Amazon::Nope", env=isolated_env)
    assert result.returncode == 2
    assert result.stderr.startswith("flywheel: --deck 'Amazon::Nope' matches no deck (decks: ")
    assert "Amazon::IoT" in result.stderr
    assert flywheel("list", "--deck", "amazon::iot", env=isolated_env).returncode == 0


def test_bad_today_is_a_clear_error(isolated_env: dict[str, str]) -> None:
    result = flywheel("--today", "2026-13-40", "paths", env=isolated_env)
    assert result.returncode == 2
    assert result.stderr.startswith("flywheel: --today:")
    assert "Traceback" not in result.stderr


def test_options_work_after_the_command_too(isolated_env: dict[str, str], tmp_path: Path) -> None:
    result = flywheel("paths", "--db", str(tmp_path / "other.db"), env=isolated_env)
    assert f"database:  {tmp_path / 'other.db'}" in result.stdout
    assert "study day: 2026-01-15" in result.stdout


def test_bad_config_file_is_a_clear_error(isolated_env: dict[str, str]) -> None:
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("new_per_day = -3\nnew_per_dya = 1\n")
    result = flywheel("paths", env=isolated_env)
    assert result.returncode == 2
    assert "new_per_day: Input should be greater than or equal to 0" in result.stderr
    assert "new_per_dya: unknown key" in result.stderr


def test_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == deck_schema_json(), (
        "run: flywheel schema > seeds/deck.schema.json"
    )


def test_schema_command_prints_valid_json(isolated_env: dict[str, str]) -> None:
    result = flywheel("schema", env=isolated_env)
    assert json.loads(result.stdout)["title"] == "Flywheel deck"

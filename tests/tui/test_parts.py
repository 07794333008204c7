"""The UI's Textual-free parts: search syntax, editor command, durations, and the layering."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cards.store.session import format_duration
from cards.store.store import Store
from tests.conftest import flywheel
from tests.tui.conftest import TODAY
from tui.editor import editor_command
from tui.services import next_language


def test_search_terms_narrow_by_text_deck_tag_and_state(small_store: Store) -> None:
    rows = small_store.browse_rows()
    assert [row.card_id for row in rows] == [
        "test/capital#fwd",
        "test/pair#fwd",
        "test/pair#rev",
        "test/cloze#c1",
        "test/cloze#c2",
    ]

    def ids(query: str) -> list[str]:
        return small_store.browse_search(query, TODAY).card_ids

    assert ids("서울") == ["test/capital#fwd"]
    assert ids("SEOUL") == ["test/capital#fwd"]
    assert ids("tag:fig") == ["test/cloze#c1", "test/cloze#c2"]
    assert ids("deck:basics momentum") == ["test/pair#fwd", "test/pair#rev"]
    assert ids("deck:elsewhere") == []
    assert len(ids("is:new")) == 5
    assert ids("is:suspended") == []
    small_store.set_suspended("test/pair#rev", True, TODAY)
    assert ids("is:susp") == ["test/pair#rev"]


def test_the_question_falls_back_to_the_language_the_note_has(small_store: Store) -> None:
    rows = {row.card_id: row for row in small_store.browse_rows()}
    assert rows["test/capital#fwd"].question("ko") == "한국의 수도는?"
    assert rows["test/pair#fwd"].question("ko") == "flywheel"  # English only
    assert rows["test/cloze#c2"].question("en") == "Amazon began in 1994 with [amount]."


def test_editor_command_prefers_visual_and_keeps_arguments() -> None:
    path = Path("/decks/a deck.toml")
    assert editor_command({}, path, 7) == ["vi", "+7", "/decks/a deck.toml"]
    assert editor_command({"EDITOR": "nano"}, path, None) == ["nano", "/decks/a deck.toml"]
    env = {"EDITOR": "nano", "VISUAL": "code --wait"}
    assert editor_command(env, path, 3) == ["code", "--wait", "+3", "/decks/a deck.toml"]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (59.4, "59 s"), (65, "1 min 05 s"), (3600 + 120, "1 h 02 min")],
)
def test_durations_read_well(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_language_cycles_through_three() -> None:
    assert [next_language(lang) for lang in ("en", "ko", "both")] == ["ko", "both", "en"]


def test_review_without_a_terminal_says_so_in_one_line(isolated_env: dict[str, str]) -> None:
    result = flywheel("review", env=isolated_env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("flywheel: the review screen needs an interactive terminal")


def test_home_without_decks_says_so_in_one_line(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    """Checked before the terminal: with no deck file at all there is nothing to show."""
    config = tmp_path / "config.toml"
    config.write_text("builtin_decks = false\n", encoding="utf-8")
    code = (
        "import sys, os, pty\n"
        "sys.exit(os.waitstatus_to_exitcode(pty.spawn([sys.executable, '-m', 'tui.commands.cli'])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **isolated_env},
        timeout=60,
    )
    assert result.returncode == 2
    assert "flywheel: no deck files to review" in result.stdout

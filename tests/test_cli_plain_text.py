"""`flywheel due` and `flywheel list` print card text as browse lists it, without its Markdown
marks and without loading the parser; `--json` keeps the text as the deck file has it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import flywheel, wait_until_settled
from tests.test_start_up import heavy_loaded

MARKED_DECK = """\
name = "Marked"

[[notes]]
id = "marked/book"
kind = "basic"
en.front = "Who wrote *Bezonomics* (`2020`)?"
en.back = "**Brian Dumaine**, see [the review](https://example.com/review)"
ko.front = "*베조노믹스*의 저자는?"
ko.back = "브라이언 듀메인"

[[notes]]
id = "marked/list"
kind = "basic"
en.front = "# Three things\\n\\n- prices\\n- selection\\n- speed: AT&amp;T \\\\*"
en.back = "low prices"
"""


@pytest.fixture
def marked_env(isolated_env: dict[str, str], write_deck: Callable[..., Path]) -> dict[str, str]:
    write_deck(MARKED_DECK)
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text('builtin_decks = false\nlanguage = "en"\n')
    return isolated_env


def test_due_prints_the_words_without_their_marks(marked_env: dict[str, str]) -> None:
    result = flywheel("due", env=marked_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(" Who wrote Bezonomics (2020)?")
    assert lines[1].endswith(" Three things prices selection speed: AT&T *")


def test_list_prints_the_words_without_their_marks(marked_env: dict[str, str]) -> None:
    result = flywheel("list", env=marked_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith(" Who wrote Bezonomics (2020)?")
    assert lines[1].endswith(" Three things prices selection speed: AT&T *")


def test_json_keeps_the_text_as_written(marked_env: dict[str, str]) -> None:
    due = json.loads(flywheel("due", "--json", env=marked_env).stdout)
    assert due[0]["front"] == "Who wrote *Bezonomics* (`2020`)?"
    assert due[0]["back"] == "**Brian Dumaine**, see [the review](https://example.com/review)"
    listed = json.loads(flywheel("list", "--json", env=marked_env).stdout)
    assert listed[0]["en"]["front"] == "Who wrote *Bezonomics* (`2020`)?"


def test_due_of_marked_text_loads_no_parser(marked_env: dict[str, str]) -> None:
    wait_until_settled(Path(marked_env["FLYWHEEL_CONFIG"]))
    flywheel("due", env=marked_env)  # the first sync reads the decks
    assert heavy_loaded(marked_env, "due") == []

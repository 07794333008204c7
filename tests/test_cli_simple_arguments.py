"""A plain `flywheel due` or `flywheel answer` line is read without argparse: the reading must
be argparse's own, and every other line (help, prefixes, bad values) must still reach argparse."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import flywheel, wait_until_settled
from tui.commands.cli import chosen_command
from tui.commands.parser import build_parser
from tui.commands.simple_arguments import simple_arguments


def argparse_reading(words: list[str]) -> dict[str, object] | None:
    """What argparse makes of `words` (its attributes in order), None when it refuses them or
    prints help."""
    parser = build_parser(chosen_command(words))
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stderr(quiet), contextlib.redirect_stdout(quiet):
            return dict(vars(parser.parse_args(words)))
    except SystemExit:
        return None


def reading(simple: object) -> str:
    """The attributes in order, written out (so that a NaN given for `--seconds` compares)."""
    return repr(dict(vars(simple)))


@pytest.mark.parametrize(
    "words",
    [
        ["due"],
        ["due", "--json"],
        ["due", "--json", "--json"],
        ["due", "--limit", "5", "--deck", "Korean::Words", "--json"],
        ["--db", "a.db", "--today", "2026-01-15", "due", "--db", "b.db", "--json"],
        ["due", "--ahead", "3", "--new", "2", "--decks", "mine", "--config", "c.toml"],
        ["due", "--deck", "due", "--limit", " 7 ", "--limit", "8"],
        ["due", "--today", ""],
        ["answer", "x#fwd", "4"],
        ["--db", "a.db", "answer", "x#fwd", "4", "--seconds", "2.5", "--ahead", "1", "--new", "2"],
        ["answer", "due", "five", "--seconds", "nan", "--today", "2026-01-15"],
    ],
)
def test_plain_lines_are_read_as_argparse_reads_them(words: list[str]) -> None:
    simple = simple_arguments(words)
    assert simple is not None
    assert reading(simple) == repr(argparse_reading(words))


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["due", "--help"],
        ["due", "-h"],
        ["--help", "due"],
        ["due", "--lim", "5"],  # a prefix: argparse takes it
        ["due", "--limit=5"],
        ["due", "--limit", "-2"],  # argparse reads it; plumbing refuses it with its own line
        ["due", "--limit", "five"],
        ["due", "--limit"],
        ["due", "--deck", "--json"],
        ["--deck", "X", "due"],  # `--deck` before the command is refused by argparse
        ["--json", "due"],
        ["due", "extra"],
        ["answer", "x#fwd"],
        ["answer", "x#fwd", "4", "5"],
        ["answer", "x#fwd", "-1"],  # argparse reads it; plumbing refuses it with its own line
        ["answer", "--seconds", "2", "x#fwd", "4"],  # argparse reads it too
        ["answer", "x#fwd", "4", "--seconds", "soon"],
        ["answer", "x#fwd", "4", "--json"],
        ["answer", "x#fwd", "4", "--deck", "X"],  # refused by argparse in one line
        ["review"],
        ["due", "--version"],
    ],
)
def test_any_other_line_is_left_to_argparse(words: list[str]) -> None:
    assert simple_arguments(words) is None


WORDS = st.sampled_from(
    [
        "due",
        "--json",
        "--limit",
        "--deck",
        "--decks",
        "--ahead",
        "--new",
        "--db",
        "--config",
        "--today",
        "--help",
        "--lim",
        "--limit=2",
        "-2",
        "3",
        "٣",
        "x",
        "",
        "Deck::Sub",
        "answer",
        "--seconds",
        "1.5",
        "nan",
        "x#fwd",
        "--",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=9))
def test_any_line_read_without_argparse_is_read_as_argparse_reads_it(words: list[str]) -> None:
    simple = simple_arguments(words)
    if simple is not None:
        assert reading(simple) == repr(argparse_reading(words))


def test_help_and_usage_mistakes_still_come_from_argparse(env: dict[str, str]) -> None:
    helped = flywheel("due", "--help", env=env)
    assert helped.returncode == 0
    assert helped.stdout.startswith("usage: flywheel due [-h]")
    assert "--limit N" in helped.stdout
    wrong = flywheel("due", "--limit", "five", env=env)
    assert wrong.returncode == 2
    assert wrong.stderr == (
        "flywheel: argument --limit: invalid int value: 'five' (see `flywheel due --help`)\n"
    )
    prefix = flywheel("due", "--lim", "1", "--json", env=env)
    assert prefix.returncode == 0, prefix.stderr
    assert prefix.stdout == flywheel("due", "--limit", "1", "--json", env=env).stdout


LOADED = """
import sys
from tui.commands.cli import main
status = main(sys.argv[1:])
print("loaded:", *sorted(m for m in ("argparse", "gettext", "locale") if m in sys.modules))
sys.exit(status)
"""


def loaded(env: dict[str, str], *argv: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def test_plain_due_and_answer_load_no_argparse(env: dict[str, str]) -> None:
    wait_until_settled(Path(env["FLYWHEEL_CONFIG"]))  # as an everyday config file is
    loaded(env, "due")  # the first sync reads the decks (and their models load what they need)
    assert loaded(env, "due", "--json") == "loaded:"
    assert loaded(env, "answer", "test/capital#fwd", "4") == "loaded:"
    assert loaded(env, "due", "--lim", "3") == "loaded: argparse gettext locale"

"""Hostile deck files, folders, dates and options: a `file:line` problem or one line, never a
traceback, and never a hang."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cards.decks import cloze
from cards.decks.folders import deck_paths
from cards.decks.loading import read_deck
from cards.schedule import sm2
from cards.schedule.study_day import parse_day
from cards.settings_file import read_settings
from tests.conftest import GOOD_DECK, flywheel

SYNCING = (["due"], ["stats"], ["answer", "test/capital#fwd", "4"], ["list"], ["check"])


def no_traceback(result: object, codes: tuple[int, ...] = (0, 1)) -> str:
    out = getattr(result, "stdout", "") + getattr(result, "stderr", "")
    assert "Traceback" not in out, out
    assert getattr(result, "returncode", None) in codes, out
    return out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "Big"\n\nx = ' + "1" * 4301 + "\n", "big.toml:3: TOML syntax: a number too long"),
        (
            'name = "Deep"\nx = ' + "[" * 600 + "]" * 600 + "\n",
            "big.toml:2: TOML syntax: arrays or tables nested too deeply",
        ),
    ],
)
def test_numbers_and_nesting_past_the_parsers_are_problems(
    env: dict[str, str], write_deck: Callable[..., Path], text: str, message: str
) -> None:
    write_deck(text, "big.toml")
    for command in SYNCING:
        out = no_traceback(flywheel(*command, env=env))
        if command == ["check"]:
            assert message in out
    assert message in str(read_deck(write_deck(text, "big.toml"))[1][0])


def test_folders_links_and_pipes_named_toml_are_skipped_with_a_warning(
    env: dict[str, str], tmp_path: Path
) -> None:
    decks = tmp_path / "decks"
    (decks / "x.toml").mkdir()
    (decks / "loop.toml").symlink_to(decks / "loop.toml")
    (decks / "nowhere.toml").symlink_to(decks / "missing")
    os.mkfifo(decks / "f.toml")
    for command in SYNCING:
        result = flywheel(*command, env=env)  # a pipe read would hang past the timeout
        no_traceback(result)
        assert f"flywheel: warning: {decks / 'x.toml'}: skipped: not a regular file" in (
            result.stderr
        )
        assert f"{decks / 'f.toml'}: skipped: not a regular file" in result.stderr
        assert f"{decks / 'loop.toml'}: skipped:" in result.stderr
        assert f"{decks / 'nowhere.toml'}: skipped: a link to nothing" in result.stderr
    result = flywheel("check", str(decks / "f.toml"), env=env)
    assert "skipped: not a regular file" in no_traceback(result)


def test_an_unreadable_deck_file_and_folder_are_reported(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions do not bind the superuser the tests may run as, so reading fails by hand."""
    deck = write_deck(GOOD_DECK)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_read_bytes, real_open, real_scandir = Path.read_bytes, Path.open, os.scandir

    def read_bytes(path: Path) -> bytes:
        if path == deck:
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    def open_file(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path == deck:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def scandir(path: Path) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", open_file)
    monkeypatch.setattr(os, "scandir", scandir)
    skipped: list[str] = []
    assert deck_paths([locked, deck.parent], skipped) == [deck]
    assert skipped == [
        f"{locked}: cannot read the folder (Permission denied); its decks are left out"
    ]
    problems = read_deck(deck)[1]
    assert [str(problem) for problem in problems] == [f"{deck}: cannot read: Permission denied"]

    from cards.store.store import Store

    with Store.open(tmp_path / "c.db") as store:
        report = store.sync([deck])
        assert report.problems == [f"{deck}: cannot read: Permission denied"]
        monkeypatch.setattr(Path, "read_bytes", real_read_bytes)
        monkeypatch.setattr(Path, "open", real_open)
        # Readable again with the same size and time (as after chmod): it is read again.
        assert store.sync([deck]).problems == []
        assert store.queue(date(2026, 1, 15))


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-01", "0001-01-01", "0001-01-20"])
def test_days_at_the_ends_of_the_calendar_are_refused(env: dict[str, str], day: str) -> None:
    for command in (["answer", "test/capital#fwd", "4"], ["stats"], ["bury", "test/pair#fwd"]):
        result = flywheel("--today", day, *command, env=env)
        assert result.returncode == 2
        assert result.stderr == (
            f"flywheel: --today: a study day from 1900-01-01 to 9899-12-31, got {day}\n"
        )


def test_the_last_study_day_still_works(env: dict[str, str]) -> None:
    last = "9899-12-31"
    for command in (["answer", "test/capital#fwd", "5"], ["stats"], ["bury", "test/pair#fwd"]):
        no_traceback(flywheel("--today", last, *command, env=env), (0,))
    first = "1900-01-01"
    no_traceback(flywheel("--today", first, "stats", env=env), (0,))
    assert parse_day(last) == date(9899, 12, 31)


def test_intervals_stop_growing_at_one_hundred_years() -> None:
    state = sm2.SM2State()
    day = date(2026, 1, 15)
    for _ in range(40):
        state = sm2.review(state, 5, day)
    assert state.interval == sm2.MAX_INTERVAL == 36_500
    last = sm2.review(state, 5, date(9899, 12, 31))
    assert last.due is not None
    assert last.due.year == 9999


def test_a_card_answered_five_again_and_again_never_overflows(env: dict[str, str]) -> None:
    day = date(2026, 1, 15)
    for _ in range(25):
        result = flywheel("--today", day.isoformat(), "answer", "test/capital#fwd", "5", env=env)
        no_traceback(result, (0,))
        day = date.fromisoformat(result.stdout.split("next review ")[1][:10])
        if day.year > 9000:
            break
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        (interval,) = connection.execute(
            "SELECT interval FROM card WHERE id = 'test/capital#fwd'"
        ).fetchone()
    assert interval == sm2.MAX_INTERVAL
    assert flywheel("doctor", env=env).returncode == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{{c99999999999999999999::a}}", "cloze numbers go up to c65536"),
        ("{{c65537::a}}", "cloze numbers go up to c65536"),  # one past the highest Anki takes
        ("{{c70000::a}}", "cloze numbers go up to c65536"),
        ("{{c" + "9" * 5000 + "::a}}", "cloze numbers go up to c65536"),
        ("{{c\u0663::a}}", "malformed cloze markup near '{{c\u0663::a}}'"),
    ],
)
def test_cloze_numbers_anki_refuses_are_check_problems(
    env: dict[str, str], write_deck: Callable[..., Path], text: str, problem: str
) -> None:
    assert cloze.markup_problem(text) is not None
    assert problem in str(cloze.markup_problem(text))
    write_deck(GOOD_DECK + f'\n[[notes]]\nid = "test/huge"\nkind = "cloze"\nen.text = "x {text}"\n')
    result = flywheel("check", env=env)
    assert f"deck.toml:29: test/huge: en.text: {problem}" in no_traceback(result)
    out = no_traceback(
        flywheel("export", "-o", str(Path(env["FLYWHEEL_DECKS"]).parent / "o.apkg"), env=env), (0,)
    )
    assert "1 problem in deck files" in out
    assert "3 notes" in out


def test_the_highest_cloze_number_is_one_anki_accepts() -> None:
    assert cloze.markup_problem(f"{{{{c{cloze.MAX_NUMBER}::a}}}}") is None
    assert cloze.numbers(f"{{{{c{cloze.MAX_NUMBER}::a}}}}") == (cloze.MAX_NUMBER,)


@pytest.mark.parametrize("text", ["x = " + "[" * 600 + "]" * 600, "x = " + "1" * 4301])
def test_a_config_file_past_the_parser_is_one_line(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(Exception, match="TOML syntax") as error:
        read_settings(config)
    assert "\n" not in str(error.value)


def test_a_config_read_stops_at_a_megabyte(env: dict[str, str]) -> None:
    result = flywheel("--config", "/dev/zero", "due", env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "flywheel: /dev/zero: cannot read the config file: larger than 1024 KiB; "
        "not a config file\n"
    )
    no_traceback(flywheel("--config", "/dev/null", "due", env=env), (0,))


ESCAPES = """\
name = "Esc\\u001b[2J"

[[notes]]
id = "t/esc"
en.front = "hi \\u001b]0;owned\\u0007 there\\u001b[2J \\u202e"
en.back = "b"

[[notes]]
id = "t/bad\\n/tmp/fake.toml:1: fake problem"
en.front = "x"
en.back = "y"
"""


def test_control_characters_in_deck_text_are_printed_as_escapes(
    env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    write_deck(ESCAPES, "esc.toml")
    outputs = {
        name: no_traceback(flywheel(*command, env=env))
        for name, command in {
            "due": ["due"],
            "list": ["list"],
            "check": ["check"],
            "stats": ["stats"],
        }.items()
    }
    for name, out in outputs.items():
        assert not any(char in out for char in "\x1b\x07\u202e"), name
    assert "hi \\x1b]0;owned\\x07 there\\x1b[2J \\u202e" in outputs["due"]
    assert "Esc\\x1b[2J" in outputs["list"]
    assert "Esc\\x1b[2J" in outputs["stats"]
    check_lines = outputs["check"].splitlines()
    assert not any(line.startswith("/tmp/fake.toml") for line in check_lines)
    assert any(
        line.endswith(
            "esc.toml:9: t/bad\\n/tmp/fake.toml:1: fake problem: id: not a slug: use "
            "lowercase letters, digits, '-' and '/' (e.g. flywheel/momentum)"
        )
        for line in check_lines
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--bogus"], "flywheel: unrecognized arguments: --bogus (see `flywheel --help`)"),
        (
            ["answer"],
            "flywheel: the following arguments are required: CARD_ID, GRADE "
            "(see `flywheel answer --help`)",
        ),
        (["--today"], "flywheel: argument --today: expected one argument (see `flywheel --help`)"),
        (["export", "--lang", "fr"], "flywheel: argument --lang: invalid choice: 'fr'"),
    ],
)
def test_usage_mistakes_are_one_line(env: dict[str, str], args: list[str], message: str) -> None:
    result = flywheel(*args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "usage:" not in result.stderr
    assert flywheel("answer", "--help", env=env).stdout.startswith("usage: flywheel answer")

"""Hostile names, options and config entries: bytes that are not UTF-8, names past the file
system's limits, broken editor commands, unknown users, odd config files and bad cache rows.
Each is handled or refused with one line, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from cards import settings_file
from cards.errors import FlywheelError
from cards.settings_file import read_settings
from tests.conftest import GOOD_DECK, flywheel, wait_until_settled


def flywheel_bytes(*args: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command line given arguments as raw bytes, as a shell passes a name that is not
    UTF-8."""
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"tui.commands.cli", *args],
        capture_output=True,
        text=True,
        errors="replace",
        env={**os.environ, **env},
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess[str], codes: tuple[int, ...] = (1, 2)) -> str:
    """The single line a refused command prints on stderr."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in codes, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_a_deck_file_whose_name_is_not_utf8_is_skipped_with_a_warning(
    env: dict[str, str],
) -> None:
    decks = os.fsencode(env["FLYWHEEL_DECKS"])
    with open(decks + b"/caf\xe9.toml", "w", encoding="utf-8") as file:
        file.write(GOOD_DECK.replace("test/", "cafe/"))
    for command in ([b"due"], [b"stats"], [b"list"], [b"check"]):
        result = flywheel_bytes(*command, env=env)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
        assert "caf\\xe9.toml: skipped: its name is not UTF-8 text (rename it)" in result.stderr
    assert "test/capital" in flywheel("list", env=env).stdout


def test_a_deck_folder_whose_name_is_not_utf8_is_skipped_with_a_warning(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = os.fsencode(tmp_path) + b"/d\xe9cks"
    os.mkdir(folder)
    with open(folder + b"/a.toml", "w", encoding="utf-8") as file:
        file.write(GOOD_DECK.replace("test/", "other/"))
    result = flywheel_bytes(b"--decks", folder, b"due", env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "0 cards in today's queue" in result.stdout  # its one deck is left out
    config = Path(env["FLYWHEEL_CONFIG"])
    with open(config, "ab") as file:
        file.write(b'decks = ["' + folder + b'"]\n')
    assert "cannot read the config file" in one_line(flywheel("due", env=env))
    assert "d\\xe9cks: skipped: its name is not UTF-8 text (rename it)" in result.stderr


def test_a_config_path_that_is_not_utf8_is_read_and_cached(env: dict[str, str]) -> None:
    config = os.fsencode(env["FLYWHEEL_CONFIG"])[: -len(b".toml")] + b"-\xe9.toml"
    with open(config, "w") as file:
        file.write("builtin_decks = false\nnew_per_day = 1\n")
    wait_until_settled(Path(os.fsdecode(config)))
    for _ in range(2):  # validated and cached, then read from the cache
        result = flywheel_bytes(b"--config", config, b"due", env=env)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
        assert "1 card in today's queue" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        [b"answer", b"x\xff", b"4"],
        [b"suspend", b"x\xff"],
        [b"unsuspend", b"x\xff"],
        [b"bury", b"x\xff"],
        [b"undo", b"x\xff"],
        [b"edit", b"x\xff"],
        [b"due", b"--deck", b"x\xff"],
        [b"list", b"--tag", b"x\xff"],
        [b"add", b"--deck", b"D", b"--en-front", b"a\xff", b"--en-back", b"b"],
    ],
)
def test_text_arguments_that_are_not_utf8_are_one_line(
    env: dict[str, str], args: list[bytes]
) -> None:
    message = one_line(flywheel_bytes(*args, env=env))
    assert "is not UTF-8 text" in message
    assert "\\xff" in message


def test_a_deck_name_past_the_file_systems_limit_is_refused_as_too_long(
    env: dict[str, str],
) -> None:
    result = flywheel("add", "--deck", "D" * 300, "--en-front", "a", "--en-back", "b", env=env)
    message = one_line(result, (1,))
    assert "a deck name is words separated by '::'" in message
    assert not list(Path(env["FLYWHEEL_DECKS"]).glob("dd*.toml"))


def test_an_id_made_from_long_text_is_cut_to_the_longest_id(env: dict[str, str]) -> None:
    deck = "Deck " + "x" * 150
    front = " ".join(["w" * 120] * 6)
    for _ in range(2):  # the second takes a number, still within the limit
        result = flywheel("add", "--deck", deck, "--en-front", front, "--en-back", "b", env=env)
        assert result.returncode == 0, result.stderr
        note_id = result.stdout.strip()
        assert 0 < len(note_id) <= 200
        assert note_id.startswith("deck-" + "x" * 150 + "/w")
        assert not note_id.endswith("-")
    assert flywheel("check", env=env).returncode == 0


def test_an_editor_command_with_an_unbalanced_quote_is_one_line(env: dict[str, str]) -> None:
    result = flywheel("edit", "test/capital", env={**env, "EDITOR": 'vi "'})
    assert one_line(result) == (
        "flywheel: $EDITOR: cannot be read as a command (No closing quotation): 'vi \"'\n"
    )


def editor_script(folder: Path, status: int, change: bool) -> str:
    script = folder / f"editor-{status}-{change}"
    lines = [f"#!{sys.executable}", "import pathlib, sys"]
    if change:
        lines.append("p = pathlib.Path(sys.argv[-1]); p.write_text(p.read_text() + '\\n')")
    lines.append(f"sys.exit({status})")
    script.write_text("\n".join(lines) + "\n")
    script.chmod(0o755)
    return str(script)


def test_an_editor_that_fails_without_saving_is_not_reported_as_saved(
    env: dict[str, str], tmp_path: Path
) -> None:
    failed = flywheel(
        "edit", "test/capital", env={**env, "EDITOR": editor_script(tmp_path, 1, False)}
    )
    assert failed.returncode == 1
    assert "saved" not in failed.stdout + failed.stderr
    assert "the editor exited with status 1; nothing was changed" in failed.stderr
    unchanged = flywheel(
        "edit", "test/capital", env={**env, "EDITOR": editor_script(tmp_path, 0, False)}
    )
    assert unchanged.returncode == 0
    assert unchanged.stdout == "test/capital: unchanged\n"
    saved_anyway = flywheel(
        "edit", "test/capital", env={**env, "EDITOR": editor_script(tmp_path, 1, True)}
    )
    assert saved_anyway.returncode == 1
    assert "the editor exited with status 1" in saved_anyway.stderr
    assert "test/capital: saved in" in saved_anyway.stdout
    saved = flywheel(
        "edit", "test/capital", env={**env, "EDITOR": editor_script(tmp_path, 0, True)}
    )
    assert saved.returncode == 0
    assert saved.stdout.startswith("test/capital: saved in")


@pytest.mark.parametrize("option", ["--db", "--decks", "--config"])
def test_a_home_folder_of_an_unknown_user_is_one_line(env: dict[str, str], option: str) -> None:
    result = flywheel(option, "~nosuchuser-flywheel/x", "due", env=env)
    assert one_line(result) == (
        f"flywheel: {option}: ~nosuchuser-flywheel/x: no such user's home folder\n"
    )


def test_a_config_folder_in_an_unknown_users_home_is_one_line(env: dict[str, str]) -> None:
    config = Path(env["FLYWHEEL_CONFIG"])
    config.write_text('decks = ["~nosuchuser-flywheel/decks"]\n')
    assert one_line(flywheel("due", env=env)) == (
        f"flywheel: {config}: decks: ~nosuchuser-flywheel/decks: no such user's home folder\n"
    )


def test_an_empty_deck_folder_in_the_config_is_refused(env: dict[str, str]) -> None:
    config = Path(env["FLYWHEEL_CONFIG"])
    config.write_text('builtin_decks = false\ndecks = [""]\n')
    assert one_line(flywheel("due", env=env)) == (
        f"flywheel: {config}: decks[0]: an empty folder name (it would read the config's "
        "own folder); name the folder\n"
    )
    config.write_text('builtin_decks = false\n[decks]\nfolders = ["x", ""]\n')
    assert "decks.folders[1]: an empty folder name" in one_line(flywheel("due", env=env))


def test_a_pipe_nobody_writes_to_as_the_config_is_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    result = flywheel("--config", str(fifo), "due", env=env)  # waited forever before
    assert one_line(result) == (
        f"flywheel: {fifo}: cannot read the config file: not a regular file, and nothing came "
        f"through it within {settings_file.PIPE_WAIT_SECONDS:g} s\n"
    )


def test_a_pipe_written_to_is_still_a_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--config <(echo ...)`: the shell's pipe is written as it is read."""
    monkeypatch.setattr(settings_file, "PIPE_WAIT_SECONDS", 0.2)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(FlywheelError, match=r"nothing came through it within 0\.2 s"):
        read_settings(fifo)
    writer = threading.Thread(target=fifo.write_text, args=("new_per_day = 3\n",))
    writer.start()
    try:
        assert read_settings(fifo).new_per_day == 3
    finally:
        writer.join()


@pytest.mark.parametrize(
    ("column", "value"),
    [("language", '"xx"'), ("rollover_hour", "99"), ("new_per_day", "-1")],
)
def test_a_cached_settings_row_out_of_bounds_is_ignored_and_the_config_revalidated(
    env: dict[str, str], column: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLYWHEEL_TODAY")  # the study day comes from the rollover hour
    del env["FLYWHEEL_TODAY"]
    config = Path(env["FLYWHEEL_CONFIG"])
    wait_until_settled(config)
    assert flywheel("due", env=env).returncode == 0  # validated and cached
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection, connection:
        changed = connection.execute(
            "UPDATE settings_cache SET settings = json_set(settings, ?, json(?))",
            (f"$.{column}", value),
        ).rowcount
    assert changed == 1
    for _ in range(2):
        result = flywheel("due", env=env)
        assert result.returncode == 0, result.stderr
        assert "cards in today's queue" in result.stdout
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        (settings,) = connection.execute("SELECT settings FROM settings_cache").fetchone()
    assert json.loads(settings)[column] != json.loads(value)  # the file's settings took over


def test_a_cached_language_the_app_does_not_know_is_ignored(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review screen looked the cached language up in its own table (a KeyError)."""
    from datetime import datetime

    from cards.workspace import open_workspace

    config = Path(env["FLYWHEEL_CONFIG"])
    wait_until_settled(config)
    assert flywheel("due", env=env).returncode == 0
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection, connection:
        connection.execute(
            "UPDATE settings_cache SET settings = json_set(settings, '$.language', 'xx')"
        )
    workspace = open_workspace(env, datetime.now().astimezone())
    assert workspace.settings.language == "both"

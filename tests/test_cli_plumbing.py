"""The plumbing commands as a script uses them: JSON in and out, exit codes, one-line errors."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import sqlite3
import struct
import subprocess
import sys
import termios
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import flywheel
from tui.text import width


def log_rows(env: dict[str, str]) -> list[tuple[str, int, int]]:
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        return connection.execute(
            "SELECT card_id, grade, drill FROM review_log ORDER BY id"
        ).fetchall()


def test_due_json_lists_the_queue_with_cloze_gaps(env: dict[str, str]) -> None:
    result = flywheel("due", "--json", env=env)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(item["id"], item["kind"]) for item in items] == [
        ("test/capital#fwd", "new"),
        ("test/pair#fwd", "new"),
        ("test/cloze#c1", "new"),
    ]
    cloze = items[2]
    assert set(cloze) == {"id", "note", "deck", "kind", "front", "back"}
    assert cloze["front"] == (
        "Amazon began in [...] with $300,000.\n\n아마존은 [...]년에 30만 달러로 시작했다."
    )
    assert "**1994**" in cloze["back"]
    assert len(json.loads(flywheel("due", "--json", "--limit", "1", env=env).stdout)) == 1


def test_answer_records_and_a_low_grade_is_drilled(env: dict[str, str]) -> None:
    assert flywheel("answer", "test/capital#fwd", "2", env=env).returncode == 0
    items = json.loads(flywheel("due", "--json", env=env).stdout)
    assert items[-1]["id"] == "test/capital#fwd"
    assert items[-1]["kind"] == "drill"
    result = flywheel("answer", "test/capital#fwd", "5", env=env)
    assert "drill answer recorded" in result.stdout
    assert log_rows(env) == [("test/capital#fwd", 2, 0), ("test/capital#fwd", 5, 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("answer", "test/nope#fwd", "3"), "flywheel: unknown card 'test/nope#fwd'"),
        (("answer", "test/capital#fwd", "6"), "flywheel: grade must be a whole number from 0 to 5"),
        (
            ("answer", "test/capital#fwd", "-1"),
            "flywheel: grade must be a whole number from 0 to 5",
        ),
        (("answer", "test/capital#fwd", "three"), "flywheel: grade must be a whole number"),
        (("answer", "test/pair#rev", "3"), "flywheel: card test/pair#rev is not in today's queue"),
        (("suspend", "test/nope#fwd"), "flywheel: unknown card"),
        (("due", "--limit", "-2"), "flywheel: --limit must be 0 or more"),
        (("due", "--deck", "Nope"), "flywheel: --deck 'Nope' matches no deck (decks: Test::"),
    ],
)
def test_errors_are_one_line_exit_2_and_write_nothing(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = flywheel(*args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert log_rows(env) == []


def test_undo_suspend_unsuspend_bury(env: dict[str, str]) -> None:
    flywheel("answer", "test/capital#fwd", "4", env=env)
    assert "undid grade 4 good for test/capital#fwd" in flywheel("undo", env=env).stdout
    assert log_rows(env) == []
    assert flywheel("undo", env=env).returncode == 1
    flywheel("suspend", "test/capital#fwd", env=env)
    flywheel("bury", "test/pair#fwd", env=env)
    due = [item["id"] for item in json.loads(flywheel("due", "--json", env=env).stdout)]
    assert due == ["test/cloze#c1"]
    flywheel("unsuspend", "test/capital#fwd", env=env)
    due = [item["id"] for item in json.loads(flywheel("due", "--json", env=env).stdout)]
    assert due == ["test/capital#fwd", "test/cloze#c1"]


def test_stats_json(env: dict[str, str]) -> None:
    flywheel("answer", "test/capital#fwd", "5", env=env)
    stats = json.loads(flywheel("stats", "--json", env=env).stdout)
    assert (stats["reviews"], stats["due"], stats["new"], stats["drill"]) == (1, 0, 2, 0)
    assert stats["decks"] == [{"deck": "Test::Basics", "due": 0, "new": 2, "drill": 0, "cards": 5}]
    assert stats["forecast"][1] == 1
    assert len(stats["forecast"]) == 30
    assert stats["retention_30d"] is None


def test_doctor_finds_and_repairs_a_tampered_schedule(env: dict[str, str]) -> None:
    flywheel("answer", "test/capital#fwd", "5", env=env)
    assert flywheel("doctor", env=env).returncode == 0
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        connection.execute("UPDATE card SET interval = 30 WHERE id = 'test/capital#fwd'")
        connection.commit()
    result = flywheel("doctor", env=env)
    assert result.returncode == 1
    assert "interval 30 (the log gives 1)" in result.stdout
    assert flywheel("doctor", "--repair", env=env).returncode == 0
    assert flywheel("doctor", env=env).returncode == 0


def test_clock_moved_back_warns_and_carries_on(env: dict[str, str]) -> None:
    flywheel("answer", "test/capital#fwd", "5", env=env)
    result = flywheel("--today", "2026-01-10", "due", env=env)
    assert result.returncode == 0
    assert "before the last answer (2026-01-15)" in result.stderr


def test_a_file_that_is_not_our_database(env: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not sqlite")
    result = flywheel("--db", str(other), "due", env=env)
    assert result.returncode == 2
    assert "not a Flywheel database" in result.stderr
    assert other.read_bytes() == b"\xff\xd8\xff\xe0 not sqlite"


def test_due_fits_its_lines_to_the_terminal_counting_korean_double(env: dict[str, str]) -> None:
    config = Path(env["FLYWHEEL_CONFIG"])
    config.write_text('builtin_decks = false\nlanguage = "ko"\n', encoding="utf-8")
    narrow = on_a_terminal(["due"], env, columns=60).splitlines()
    assert any("한국의" in line for line in narrow)
    assert all(width(line) <= 60 for line in narrow), narrow
    assert any(line.endswith("…") for line in narrow)
    piped = flywheel("due", env=env).stdout  # no terminal: whole lines for grep and friends
    assert "…" not in piped


def on_a_terminal(args: list[str], env: dict[str, str], columns: int) -> str:
    """What `flywheel ARGS` prints to a terminal `columns` wide (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "tui.commands.cli", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={  # the size comes from the terminal, not from a COLUMNS left in the environment
            key: value
            for key, value in {**os.environ, **env}.items()
            if key not in ("COLUMNS", "LINES")
        },
    ) as process:
        os.close(follower)
        chunks = []
        with contextlib.suppress(OSError):  # the terminal closes as the command ends
            while chunk := os.read(leader, 4096):
                chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--deck", "Test"),
        ("answer", "test/capital#fwd", "4", "--deck", "Test"),
        ("--deck", "Test", "list"),
        ("doctor", "--deck=Test"),
    ],
)
def test_deck_on_a_command_without_it_is_refused_not_taken_for_decks(
    env: dict[str, str], args: tuple[str, ...]
) -> None:
    """`--deck` is a prefix of `--decks`: taken as one, it would swap the deck folder silently."""
    result = flywheel(*args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("flywheel: ")
    assert "--decks DIR" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not Path(env["FLYWHEEL_DB"]).exists() or log_rows(env) == []


def test_a_suspension_or_burial_that_changes_nothing_is_not_an_action_to_undo(
    env: dict[str, str],
) -> None:
    """Suspending a suspended card twice must not leave one undo short of the card's return."""
    assert flywheel("suspend", "test/capital#fwd", env=env).returncode == 0
    again = flywheel("suspend", "test/capital#fwd", env=env)
    assert again.returncode == 0
    assert again.stdout == "test/capital#fwd: already suspended; nothing changed\n"
    assert flywheel("unsuspend", "test/pair#fwd", env=env).stdout == (
        "test/pair#fwd: not suspended; nothing changed\n"
    )
    flywheel("bury", "test/pair#fwd", env=env)
    assert flywheel("bury", "test/pair#fwd", env=env).stdout == (
        "test/pair#fwd: already buried until tomorrow; nothing changed\n"
    )
    assert "undid the burial of test/pair#fwd" in flywheel("undo", env=env).stdout
    assert "undid the suspension of test/capital#fwd" in flywheel("undo", env=env).stdout
    assert flywheel("undo", env=env).returncode == 1
    due = [item["id"] for item in json.loads(flywheel("due", "--json", env=env).stdout)]
    assert due == ["test/capital#fwd", "test/pair#fwd", "test/cloze#c1"]

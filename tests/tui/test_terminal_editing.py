"""End to end: the installed `flywheel review` in a real terminal (tmux), keys in, screen out.

Each test runs its own tmux server (`-L` with a unique socket name) and kills it at the end.
The screen is polled with a deadline rather than slept on, so the tests are quick and patient.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cards.decks.lines import note_line
from seeds import BUILTIN_DECKS
from tests.conftest import GOOD_DECK, wait_until_settled
from tests.tui.test_question_side import MARKERS, marked_deck

FLYWHEEL = Path(sys.executable).parent / "flywheel"
TIMEOUT = 30.0

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """One tmux server with one window (100x30 unless told) running a command."""

    def __init__(self, size: tuple[int, int] = (100, 30)) -> None:
        self.size = size
        self.socket = f"flywheel-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # The shell stays after the command so its exit status can be read off the screen.
        script = f"env {exports} {command}; echo EXIT=$?; sleep 600"
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "new-session",
                "-d",
                "-x",
                str(self.size[0]),
                "-y",
                str(self.size[1]),
                "-s",
                "main",
                "sh",
                "-c",
                script,
            ],
            check=True,
            timeout=10,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        test = text if callable(text) else (lambda screen: text in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {text!r}; the screen was:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def kill(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    try:
        yield term
    finally:
        term.kill()


@pytest.fixture
def user(tmp_path: Path) -> dict[str, str]:
    """A user with the small test deck only, on the fixed study day."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "basics.toml").write_text(GOOD_DECK, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('builtin_decks = false\nlanguage = "both"\n', encoding="utf-8")
    return {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(decks),
        "FLYWHEEL_TODAY": "2026-01-15",
        "TERM": "xterm-256color",
    }


def review_log(db: str) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT card_id, grade FROM review_log ORDER BY id").fetchall()
    return [(str(card), int(grade)) for card, grade in rows]


def test_review_reveal_grade_quit(terminal: Terminal, user: dict[str, str]) -> None:
    terminal.start(f"{FLYWHEEL} review", user)
    terminal.wait_for("Capital of Korea?")
    assert "한국의 수도는?" in terminal.screen()
    terminal.keys("Space")
    terminal.wait_for("Seoul")
    terminal.wait_for("0 blackout")
    terminal.keys("4")
    terminal.wait_for("1 done")
    terminal.keys("Space")
    terminal.wait_for("a wheel that stores momentum")
    terminal.keys("2")
    terminal.wait_for("2 done")
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/capital#fwd", 4), ("test/pair#fwd", 2)]


def test_a_review_caches_its_settings_for_the_next_start(
    terminal: Terminal, user: dict[str, str]
) -> None:
    """The daily path alone (no other command) keeps the validated config in the collection."""
    config = Path(user["FLYWHEEL_CONFIG"])
    wait_until_settled(config)  # a config just written is not cached yet
    terminal.start(f"{FLYWHEEL} review", user)
    terminal.wait_for("Capital of Korea?")
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    with sqlite3.connect(user["FLYWHEEL_DB"]) as connection:
        cached = connection.execute("SELECT path FROM settings_cache").fetchall()
    assert cached == [(os.path.abspath(config),)]


def fake_editor(folder: Path, body: str) -> tuple[Path, Path]:
    """An $EDITOR script that logs its arguments to a file, then runs `body` (shell) with the
    edited file as `$last` and the log as `$log`: (the script, its log)."""
    calls = folder / "editor-calls.txt"
    editor = folder / "fake-editor"
    start = f'#!/bin/sh\nlog={shlex.quote(str(calls))}\necho "$@" >> "$log"\nfor last; do :; done\n'
    editor.write_text(start + body, encoding="utf-8")
    editor.chmod(0o755)
    return editor, calls


def test_edit_opens_the_deck_file_at_the_note_and_reloads_it(
    terminal: Terminal, user: dict[str, str], tmp_path: Path
) -> None:
    deck = Path(user["FLYWHEEL_DECKS"]) / "basics.toml"
    # the last argument is the file: reword the answer as a person would
    editor, calls = fake_editor(tmp_path, 'sed -i \'s/"Seoul"/"Seoul, the capital"/\' "$last"\n')
    terminal.start(f"{FLYWHEEL} review", {**user, "EDITOR": str(editor)})
    terminal.wait_for("Capital of Korea?")
    terminal.keys("e")
    terminal.wait_for(  # back from the editor, and the deck files reloaded
        lambda screen: calls.exists() and "to reveal it" in screen and "Reloading" not in screen
    )
    terminal.keys("Space")
    terminal.wait_for("Seoul, the capital")
    line = note_line(deck, "test/capital")
    assert calls.read_text(encoding="utf-8").split() == [f"+{line}", str(deck.resolve())]
    terminal.keys("5", "q")
    terminal.wait_for("EXIT=0")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/capital#fwd", 5)]


def test_no_cards_is_one_line_and_exit_1(
    terminal: Terminal, user: dict[str, str], tmp_path: Path
) -> None:
    broken = Path(user["FLYWHEEL_DECKS"]) / "basics.toml"
    broken.write_text('name = "Broken"\n', encoding="utf-8")  # a deck file without notes
    terminal.start(f"{FLYWHEEL} review", user)
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=1" in screen
    assert "flywheel: no cards to review" in screen


def test_ten_questions_in_a_row_show_no_answer_of_any_note(user: dict[str, str]) -> None:
    """Grades, undo, suspend and bury at 80x24: every question screen holds no back or extra."""
    decks = Path(user["FLYWHEEL_DECKS"])
    (decks / "basics.toml").unlink()
    (decks / "marked.toml").write_text(marked_deck(14), encoding="utf-8")
    terminal = Terminal((80, 24))
    try:
        terminal.start(f"{FLYWHEEL} review", user)
        steps = ["4", "5", "u", "3", "s", "4", "b", "0", "u", "4", "5", "4", "4", "3", "4", "5"]
        seen: set[str] = set()
        for step in steps:
            screen = terminal.wait_for(lambda text: "to reveal it" in text and "?" in text)
            assert MARKERS.findall(screen) == [], screen
            seen.update(re.findall(r"Question (n\d+)\?", screen))
            if step in ("s", "b"):
                terminal.keys(step)
            else:
                terminal.keys("Space")
                terminal.wait_for("EXTRA-")
                terminal.keys(step)
            terminal.wait_for(lambda text: "to reveal it" in text or "EXIT" in text)
        assert len(seen) >= 10, seen  # ten different cards were asked
        terminal.keys("q")
        terminal.wait_for("EXIT=0")
    finally:
        terminal.kill()


def test_an_edit_that_breaks_the_note_offers_the_editor_again(
    terminal: Terminal, user: dict[str, str], tmp_path: Path
) -> None:
    """First call: the answer is deleted (invalid). Second call: it is written back reworded."""
    deck = Path(user["FLYWHEEL_DECKS"]) / "basics.toml"
    editor, calls = fake_editor(
        tmp_path,
        'if [ "$(wc -l < "$log")" -eq 1 ]; then\n'
        '  sed -i \'/^en.back = "Seoul"$/d\' "$last"\n'
        "else\n"
        '  sed -i \'s/^en.front = "Capital of Korea?"$/&\\nen.back = "Seoul (again)"/\' "$last"\n'
        "fi\n",
    )
    terminal.start(f"{FLYWHEEL} review", {**user, "EDITOR": str(editor)})
    terminal.wait_for("Capital of Korea?")
    terminal.keys("e")
    screen = terminal.wait_for("Edit again? [Y/n]")
    flat = "".join(screen.split())  # the terminal wraps the long line at its edge
    assert "test/capital:en:abasicnoteneeds`back`" in flat
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "to reveal it" in screen and "Reloading" not in screen)
    terminal.keys("Space")
    terminal.wait_for("Seoul (again)")
    lines = calls.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[1].endswith(str(deck.resolve()))
    terminal.keys("5", "q")
    terminal.wait_for("EXIT=0")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/capital#fwd", 5)]


def test_e_on_a_built_in_card_edits_a_copy_and_leaves_the_package_alone(
    terminal: Terminal, user: dict[str, str], tmp_path: Path
) -> None:
    package = {path.name: path.read_bytes() for path in BUILTIN_DECKS.iterdir() if path.is_file()}
    config = Path(user["FLYWHEEL_CONFIG"])
    config.write_text('builtin_decks = true\nlanguage = "en"\n', encoding="utf-8")
    (Path(user["FLYWHEEL_DECKS"]) / "basics.toml").unlink()
    editor, _ = fake_editor(  # marks the first English front at or after the line it opens at
        tmp_path,
        'awk -v n="${1#+}" \'NR >= n && !done && /^en[.]front = "/ '
        '{ sub(/^en[.]front = "/, "en.front = \\"EDITED: "); done = 1 } { print }\' '
        '"$last" > "$last.new" && mv "$last.new" "$last"\n',
    )
    terminal.start(f"{FLYWHEEL} review", {**user, "EDITOR": str(editor)})
    terminal.wait_for("to reveal it")
    first = terminal.screen()
    terminal.keys("e")
    terminal.wait_for(lambda screen: "EDITED: " in screen and "Reloading" not in screen)
    terminal.wait_for("Edited your copy of the built-in connection.toml")
    copy = Path(user["FLYWHEEL_DECKS"]) / "connection.toml"
    assert 'en.front = "EDITED: ' in copy.read_text(encoding="utf-8")
    assert "EDITED" not in first
    after = {path.name: path.read_bytes() for path in BUILTIN_DECKS.iterdir() if path.is_file()}
    assert after == package
    terminal.keys("q")
    terminal.wait_for("EXIT=0")


def test_an_editor_that_fails_without_saving_is_reported_in_the_review(
    terminal: Terminal, user: dict[str, str], tmp_path: Path
) -> None:
    editor, calls = fake_editor(tmp_path, "exit 1\n")
    terminal.start(f"{FLYWHEEL} review", {**user, "EDITOR": str(editor)})
    terminal.wait_for("Capital of Korea?")
    terminal.keys("e")
    terminal.wait_for("test/capital: the editor exited with status 1; nothing was changed")
    assert calls.exists()
    terminal.keys("Space")
    terminal.wait_for("Seoul")
    terminal.keys("4", "q")
    terminal.wait_for("EXIT=0")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/capital#fwd", 4)]


TITLE_DECK = """\
name = "Esc\\u001b]2;DECKNAME\\u0007"

[source]
title = "Doc\\u001b]2;SOURCE\\u0007"

[[notes]]
id = "t/title"
tags = ["t\\u001b]2;TAG\\u0007"]
en.front = "Front \\u001b]2;FRONT\\u0007 question?"
en.back = "Back \\u001b]2;BACK\\u0007 answer"
en.extra = "*Extra* \\u001b]2;EXTRA\\u0007 words"
"""


def test_card_text_never_sets_the_terminals_title(terminal: Terminal, user: dict[str, str]) -> None:
    """Escape sequences in a deck are shown as escapes, on every screen that shows card text."""
    decks = Path(user["FLYWHEEL_DECKS"])
    (decks / "basics.toml").unlink()
    (decks / "title.toml").write_text(TITLE_DECK, encoding="utf-8")
    terminal.start(str(FLYWHEEL), user)
    title = terminal.tmux("display-message", "-p", "-t", "main", "#{pane_title}")
    terminal.wait_for("Esc\\x1b]2;DECKNAME\\x07")  # the home screen's deck tree
    terminal.keys("r")
    screen = terminal.wait_for("question?")
    assert "\\x1b]2;FRONT\\x07" in screen
    terminal.keys("Space")
    terminal.wait_for(lambda text: "\\x1b]2;BACK\\x07" in text and "\\x1b]2;EXTRA" in text)
    terminal.keys("i")
    terminal.wait_for("History")
    terminal.keys("q")
    terminal.wait_for("\\x1b]2;BACK\\x07")
    terminal.keys("Escape")
    terminal.wait_for("Browse")
    terminal.keys("b")
    terminal.wait_for("of 1 card")
    terminal.keys("i")
    terminal.wait_for("History")
    assert terminal.tmux("display-message", "-p", "-t", "main", "#{pane_title}") == title

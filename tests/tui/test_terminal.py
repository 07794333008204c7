"""End to end: the installed `flywheel review` in a real terminal (tmux), keys in, screen out."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from tests.conftest import wait_until_settled
from tests.tui.terminal import FLYWHEEL, NEEDS_TMUX, Terminal, review_log
from tests.tui.test_question_side import MARKERS, marked_deck

pytestmark = NEEDS_TMUX


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

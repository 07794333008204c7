"""End to end in a real terminal (tmux): `e` opens the editor on the card's note, and what the
editor leaves is read back into the review."""

from __future__ import annotations

import shlex
from pathlib import Path

from cards.decks.lines import note_line
from seeds import BUILTIN_DECKS
from tests.tui.terminal import FLYWHEEL, NEEDS_TMUX, Terminal, review_log

pytestmark = NEEDS_TMUX


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

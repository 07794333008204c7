"""Editing one note in the user's editor, until it is valid or the user chooses to leave it.

Used by `flywheel edit` and by `e` in the review screen (while the app is suspended), so both
behave alike: a built-in deck is copied into the user's deck folder first (the package is never
written), and an edit that leaves the note invalid shows the problem and offers the editor
again at its line instead of silently dropping the note's cards.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cards.deck_lines import note_line
from cards.decks import read_deck
from cards.errors import FlywheelError
from cards.problems import Problem
from cards.user_decks import editable_file, is_builtin
from tui.editor import editor_command

Ask = Callable[[str], bool]
"""Shows a question, returns the answer (yes: edit again)."""
Say = Callable[[str], None]


@dataclass
class EditOutcome:
    """Which file was edited, whether it was copied from the built-in decks, and what is wrong
    with the note if the user left it invalid."""

    path: Path
    copied: bool
    problems: list[Problem] = field(default_factory=list)


def edit_note(
    environ: Mapping[str, str],
    path: Path,
    note_id: str,
    user_decks: Path | None,
    ask: Ask,
    say: Say = print,
) -> EditOutcome:
    """Open the note's file at its line; reopen at the problem while the note is invalid.

    Raises FlywheelError when the editor cannot be run, or a built-in deck has no user folder to
    be copied into.
    """
    copied = is_builtin(path)
    if copied:
        if user_decks is None:
            raise FlywheelError(f"{note_id} is in a built-in deck and no deck folder is set")
        path = editable_file(path, user_decks)
        say(f"{path.name} is a built-in deck: editing your copy {path}, which now takes its place")
    line = note_line(path, note_id)
    while True:
        _run(editor_command(environ, path, line))
        problems = note_problems(path, note_id)
        if not problems:
            return EditOutcome(path, copied)
        say(f"{note_id} has problems after the edit:")
        for problem in problems:
            say(f"  {problem}")
        if not ask("Edit again? [Y/n] "):
            say(f"Left as it is: the cards of {note_id} leave the queue until it is fixed.")
            return EditOutcome(path, copied, problems)
        line = next((p.line for p in problems if p.line), None) or note_line(path, note_id)


def note_problems(path: Path, note_id: str) -> list[Problem]:
    """What is wrong with `note_id` in `path`, or with the file as a whole; every problem of
    the file when the note is gone and the file has problems (its id may have been mistyped)."""
    deck_file, problems = read_deck(path)
    mine = [problem for problem in problems if problem.note_id in (note_id, None)]
    present = deck_file is not None and any(note.id == note_id for note in deck_file.deck.notes)
    return mine or ([] if present else problems)


def ask_terminal(question: str) -> bool:
    """Yes unless the answer starts with n; end of input counts as no."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return not answer.strip().lower().startswith("n")


def _run(argv: list[str]) -> None:
    try:
        subprocess.run(argv, check=False)
    except OSError as error:
        raise FlywheelError(f"cannot run {argv[0]!r}: {error.strerror or error}") from None

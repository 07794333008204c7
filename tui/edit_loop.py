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

from cards.decks.lines import note_line
from cards.decks.loading import read_deck
from cards.decks.problems import Problem
from cards.decks.user_decks import editable_file, is_builtin
from cards.errors import FlywheelError
from tui.editor import editor_command

Ask = Callable[[str], bool]
"""Shows a question, returns the answer (yes: edit again)."""
Say = Callable[[str], None]


@dataclass
class EditOutcome:
    """Which file was edited, whether it was copied from the built-in decks, what is wrong
    with the note if the user left it invalid, whether the file changed, and how the editor
    ended (its exit status: 0 when it reported success)."""

    path: Path
    copied: bool
    problems: list[Problem] = field(default_factory=list)
    changed: bool = True
    status: int = 0

    def report(self, note_id: str) -> str | None:
        """What to tell the user about an editor that failed or left the file as it was; None
        for an edit saved as usual."""
        if self.status != 0:
            what = "its saved changes are read" if self.changed else "nothing was changed"
            return f"{note_id}: the editor exited with status {self.status}; {what}"
        return None if self.changed else f"{note_id}: unchanged"


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
    before = _content(path)
    while True:
        status = _run(editor_command(environ, path, line))
        changed = _content(path) != before
        if not changed:  # nothing to check: the note is as it was
            return EditOutcome(path, copied, changed=False, status=status)
        problems = note_problems(path, note_id)
        if not problems:
            return EditOutcome(path, copied, status=status)
        say(f"{note_id} has problems after the edit:")
        for problem in problems:
            say(f"  {problem}")
        if not ask("Edit again? [Y/n] "):
            say(f"Left as it is: the cards of {note_id} leave the queue until it is fixed.")
            return EditOutcome(path, copied, problems, status=status)
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


def _run(argv: list[str]) -> int:
    """Run the editor; its exit status (negative: the signal that ended it)."""
    try:
        return subprocess.run(argv, check=False).returncode
    except OSError as error:
        raise FlywheelError(f"cannot run {argv[0]!r}: {error.strerror or error}") from None


def _content(path: Path) -> bytes | None:
    """The file's bytes, to tell whether the editor saved anything (None: unreadable)."""
    try:
        return path.read_bytes()
    except OSError:
        return None

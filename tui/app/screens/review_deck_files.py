"""The review's side of the deck files: the check after each answer, and the edit and reload.

A base of `ReviewScreen`: while the sitting goes on, a deck file changed in another window (or in
the editor `e` opens) is read into the store and the card on screen is drawn again from it.
"""

from __future__ import annotations

import sqlite3
from functools import partial

from textual import on, work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cards.errors import FlywheelError
from cards.store.deck_sync import SyncReport
from cards.store.session import ReviewSession
from tui.app.messages import DeckCheckFailed, DeckFilesChecked
from tui.app.screens.deck_changes import changes_said
from tui.app.widgets.grade_bar import GradeBar
from tui.app.widgets.status_line import Severity, StatusLine
from tui.services import Services


class DeckFileReloads(Screen[None]):
    """Keeps the review in step with the deck files; the screen draws what the store then holds."""

    services: Services
    session: ReviewSession
    syncing: bool

    async def redraw_from_store(self) -> None:
        """Ask the store for the queue again and draw it (the review screen's own)."""
        raise NotImplementedError

    def say(self, message: str, severity: Severity = "information") -> None:
        """Report what an action did on the status line, below the card."""
        self.query_one(StatusLine).show(message, severity)

    @work(thread=True, group="deck-check", exit_on_error=False)
    def pick_up_changes(self) -> None:
        """Deck files changed in another window are read while the next card shows (an
        unchanged file costs a `stat`), off the event loop."""
        try:
            self.post_message(
                DeckFilesChecked(self.services.store.sync(self.services.deck_files()))
            )
        except (FlywheelError, sqlite3.Error, OSError) as error:  # a full disk: the review goes on
            self.post_message(DeckCheckFailed(str(error)))

    @on(DeckFilesChecked)
    async def _checked(self, message: DeckFilesChecked) -> None:
        said = changes_said(message.report)
        if said is not None:
            self.say(*said)
        if message.report.changed:
            await self.redraw_from_store()

    @on(DeckCheckFailed)
    def _check_failed(self, message: DeckCheckFailed) -> None:
        self.say(f"Sync failed: {message.error}", "error")

    def action_edit(self) -> None:
        """Open the note's deck file at its line, then re-sync and redraw the card."""
        from tui.app.screens.editor_handover import edit_in_editor  # loaded on first use

        item = self.session.current
        if item is None:
            return
        if self.app.is_web:  # the editor would open on the server's terminal, out of sight
            self.say(
                f"Editing needs a terminal: run `flywheel edit {item.note_id}` on the machine "
                "that serves this page; the card shows the change at the next card.",
                "warning",
            )
            return
        path = self.services.store.note_file(item.note_id)
        if path is None or not path.is_file():
            self.say(f"The deck file of {item.note_id} is gone.", "error")
            return
        report = edit_in_editor(self.app, self.services, path, item.note_id)
        if report is not None:
            self.say(*report)
            if report[1] == "error":
                return
        self.resync()

    def resync(self) -> None:
        """Reload the deck files in a worker; the card is drawn again, with its new text, after."""
        self.syncing = True
        self.refresh_bindings()
        self.query_one(GradeBar).show_busy("Reloading the deck files...")
        self.run_worker(
            partial(self.services.store.sync, self.services.deck_files()),
            name="resync",
            group="sync",
            thread=True,
            exit_on_error=False,
        )

    @on(Worker.StateChanged)
    async def _synced(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "resync" or not event.worker.is_finished:
            return
        self.syncing = False
        if event.state is WorkerState.SUCCESS and isinstance(event.worker.result, SyncReport):
            report = event.worker.result
            if report.problems:
                self.say(f"Deck problems: {report.problems[0]} (see flywheel check)", "warning")
        elif event.state is WorkerState.ERROR:
            self.say(f"Sync failed: {event.worker.error}", "error")
        await self.redraw_from_store()

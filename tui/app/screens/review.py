"""The review screen: question, reveal, grade, and around it undo, suspend, bury, edit, language.

Every grade is committed by the store before the next card is drawn; the queue is then asked of
the store again (after that card's paint, which shows the card the queue read before foresaw), so
the drill and the daily limits are always the store's.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header

from cards.decks.vocabulary import LanguageChoice
from cards.errors import FlywheelError
from cards.schedule.preview import grade_previews
from cards.store.session import ReviewSession
from tui.app.help_entry import HelpEntry
from tui.app.media_viewer import deliver_files, media_paths, open_files
from tui.app.preferences import remember_language, remembered_language
from tui.app.question_timer import QuestionTimer
from tui.app.screens.review_deck_files import DeckFileReloads
from tui.app.screens.review_keys import REVIEW_BINDINGS, grade_help, keys_of
from tui.app.widgets.card_view import CardView
from tui.app.widgets.footer import AppFooter
from tui.app.widgets.grade_bar import GradeBar
from tui.app.widgets.progress import ReviewProgress
from tui.app.widgets.status_line import Severity, StatusLine
from tui.safe_text import visible
from tui.services import Services, next_language

_NEEDS_CARD = {"reveal", "grade", "suspend", "bury", "edit", "info"}


class ReviewScreen(DeckFileReloads):
    """Today's queue for one deck (or all), one card at a time."""

    BINDINGS: ClassVar[list[BindingType]] = REVIEW_BINDINGS

    def __init__(
        self,
        services: Services,
        deck: str | None = None,
        *,
        standalone: bool = False,
        notices: list[str] | None = None,
    ) -> None:
        """`standalone`: opened by `flywheel review`, so leaving it quits the app; `notices`:
        start-up warnings, shown on the status line."""
        super().__init__()
        self.services = services
        self.deck = deck
        self.standalone = standalone
        self.language: LanguageChoice = remembered_language(services)
        self.revealed = False
        self.syncing = False  # the deck files reload after an edit; keys that write wait
        self.media: list[Path] = []  # the files of the card as shown, which `o` opens
        self.covered = False  # by another screen since shown (on_mount drew the first card)
        self.timer = QuestionTimer(services.clock)
        self.session = ReviewSession(services.store, services.today, services.clock, deck)
        self.notices = notices or []

    def compose(self) -> ComposeResult:
        yield from (Header(), ReviewProgress(), CardView(), GradeBar(), StatusLine())
        yield AppFooter()  # the end-of-sitting summary is mounted above it when needed

    async def on_mount(self) -> None:
        self.title = "Review"
        self.sub_title = visible(self.deck) if self.deck else "All decks"
        if self.notices:
            self.say("Warning: " + "; ".join(self.notices) + ".", "warning")
        await self.show_card()

    def on_screen_suspend(self) -> None:
        self.covered = True

    async def on_screen_resume(self) -> None:
        """Back from another screen (browse may have suspended this card): ask the store again."""
        if self.covered:
            await self.redraw_from_store()

    async def show_card(self) -> None:
        """Draw the current state: the card (revealed or not) or, with an empty queue, the end.

        Drawn as one batch: the card's parts await their children (Markdown), and without it
        the screen would lay out and paint a half-drawn card between them, then again."""
        with self.app.batch_update():
            await self._draw_card()
        self.check_idle()  # a frame due during the batch was skipped: ask for it now

    async def _draw_card(self) -> None:
        session = self.session
        self.query_one(ReviewProgress).show(session.done, session.queue)
        item = session.current
        card = None if item is None else self.services.store.card(item.card_id)
        self.set_class(card is None, "-finished")
        self.media = []
        if item is None or card is None:
            self.revealed = False
            done_today = sum(self.services.store.answered_today(self.services.today))
            from tui.app.widgets.summary import mounted_summary  # most starts show a card

            summary = await mounted_summary(self, before=self.query_one(AppFooter))
            summary.show(session.summary(), self.services.today, done_today)
        else:
            self.timer.shown(item.card_id)
            view = self.query_one(CardView)
            names = await view.show(card, item.kind, self.language, self.revealed)
            if names:  # most cards have none: their deck file is not looked up
                self.media = media_paths(self.services.store.note_file(item.note_id), names)
            bar = self.query_one(GradeBar)
            if self.revealed:
                bar.show_grades(self.previews(item.card_id, item.kind == "drill"))
            else:
                bar.show_prompt(keys_of(self, "reveal") or "space")
        self.refresh_bindings()
        # The footer's keys change with the card's, in its frame rather than in one after it.
        self.query_one(AppFooter).show_keys_built()

    def previews(self, card_id: str, drill: bool) -> dict[int, str] | None:
        """What each grade would schedule for the card, for the grade bar."""
        state = self.services.store.state(card_id)
        today = self.services.today
        return None if state is None else grade_previews(state.schedule, today, drill=drill)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades only after the reveal, the reveal only before it; while the deck files reload
        only what writes nothing (the reveal, the language), so no key is lost."""
        if action == "back":
            return not self.standalone
        if action == "quit":
            return self.standalone
        if self.syncing and action not in ("language", "reveal"):
            return False
        if action in _NEEDS_CARD and self.session.current is None:
            return False
        if action == "reveal":
            return not self.revealed
        if action == "grade":
            return self.revealed
        if action == "open_media":
            return bool(self.media)
        return True

    async def action_reveal(self) -> None:
        item = self.session.current
        if item is None or self.revealed:
            return
        self.revealed = True
        self.query_one(StatusLine).clear()
        await self.show_card()

    async def action_grade(self, grade: int) -> None:
        if not self.revealed or self.session.current is None:
            return
        try:  # the queue is asked again after the next card's paint (`_after_grade_paint`)
            answered = self.session.answer(grade, self.timer.seconds(), read_queue=False)
            self.timer.reset()
        except FlywheelError as error:  # e.g. answered meanwhile by another process
            self.say(f"Not recorded: {error}", "error")
            self.session.reload()
        else:
            if answered.became_leech:
                self.say(
                    f"Leech: {answered.entry.card_id} failed too often, so suspended. Rewrite "
                    "it, then unsuspend it in browse.",
                    "warning",
                )
        self.revealed = False
        await self.show_card()
        self.call_after_refresh(self._after_grade_paint)

    async def _after_grade_paint(self) -> None:
        """What the next card's paint did not wait for: the store's own word on today's queue
        (redrawn only where it differs from the one foreseen) and the deck-file check, whose
        thread would slow the paint."""
        if self.session.unsettled:
            shown = self.session.current
            if self.session.settle():
                if self.session.current != shown:
                    self.revealed = False
                await self.show_card()
        self.pick_up_changes()

    async def redraw_from_store(self) -> None:
        """Ask the store for the queue again, keeping the card on screen in front if it still
        waits (at its question if another card takes its place), and draw it."""
        current = self.session.current
        self.session.reload(first=current.card_id if current else None)
        if self.session.current != current:
            self.revealed = False
        await self.show_card()

    async def action_undo(self) -> None:
        try:
            undone = self.session.undo()
        except FlywheelError as error:
            self.say(f"Not undone: {error}", "error")
            return
        if undone is None:
            done = self.session.done
            await self.redraw_from_store()  # forgets answers `flywheel undo` took back
            if self.session.done < done:
                self.say(
                    "Nothing to undo: this sitting's latest answer was taken back in "
                    "another window.",
                    "warning",
                )
            else:
                self.say("Nothing to undo in this session.", "warning")
            return
        self.revealed = False
        self.say(f"Took back {undone.describe()}.")
        await self.show_card()

    async def action_suspend(self) -> None:
        item = self.session.suspend()
        self.revealed = False
        self.say(f"Suspended {item.card_id}; u takes it back, browse unsuspends it later.")
        await self.show_card()

    async def action_bury(self) -> None:
        item = self.session.bury()
        self.revealed = False
        self.say(f"Buried {item.card_id} until tomorrow.")
        await self.show_card()

    async def action_language(self) -> None:
        self.language = next_language(self.language)
        remember_language(self.services.store, self.language)
        await self.show_card()

    def action_open_media(self) -> None:
        """Open the card's pictures and sounds with the system's viewer (its verdict awaited in
        a thread, then reported), or, in a browser, in tabs of their own (a viewer on the
        server would show them to nobody)."""
        paths = list(self.media)
        if self.app.is_web:
            self.say(*deliver_files(self.app, paths))
            return
        self.say(f"Opening {', '.join(path.name for path in paths)}...")

        def report(message: str, severity: Severity) -> None:
            if self.is_attached:  # the screen may be gone by the time the opener answers
                self.say(message, severity)

        def open_and_report() -> None:
            self.app.call_from_thread(report, *open_files(paths))

        self.run_worker(open_and_report, name="open-media", thread=True, exit_on_error=False)

    def action_add(self) -> None:
        from tui.app.screens.add import AddScreen  # loaded on first use

        item = self.session.current
        self.app.push_screen(AddScreen(self.services, item.deck if item else self.deck))

    def action_info(self) -> None:
        from tui.app.screens.card_info import CardInfoScreen  # loaded on first use

        item = self.session.current
        if item is not None:
            self.app.push_screen(CardInfoScreen(self.services, item.card_id))

    def action_back(self) -> None:
        self.dismiss()

    def action_quit(self) -> None:
        self.app.exit()

    def extra_help(self) -> list[HelpEntry]:
        return grade_help(self.services.settings.keymap)

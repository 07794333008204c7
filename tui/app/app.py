"""The Flywheel app: one factory (`make_app`) for the command line and the tests.

The App only wires: it syncs the deck files in a thread worker, then pushes the first screen,
and opens the other screens on request. Each screen owns its handlers and talks to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from cards.decks.vocabulary import deck_as_named, require_deck
from cards.errors import FlywheelError
from cards.plural import counted
from cards.settings import Settings
from cards.store.deck_sync import SyncReport
from cards.store.session import Clock, system_clock
from cards.store.store import Store
from cards.warnings import startup_warnings
from tui.app.keys import binding_ids, help_entries, keymap_clashes
from tui.app.messages import DecksSynced, ReviewRequested, SyncFailed
from tui.app.preferences import remember_theme, remembered_theme
from tui.app.screens.loading import LoadingScreen
from tui.app.screens.review import ReviewScreen
from tui.safe_text import visible
from tui.services import Services, Start, no_deck_files

LOADING_AFTER = 0.15  # seconds of syncing before the loading screen shows


class FlywheelApp(App[str | None]):
    """Returns None, or a line for stderr when it could not start (with `return_code` set)."""

    CSS_PATH = Path(__file__).with_name("flywheel.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Flywheel"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (typed by App)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="interrupt"),
    ]

    def __init__(
        self,
        services: Services,
        *,
        start: Start = "home",
        deck: str | None = None,
        first_sync: Future[SyncReport] | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.first_screen = start
        self.deck = deck
        self.first_sync = first_sync
        self.loading: Timer | None = None

    def on_mount(self) -> None:
        self.set_keymap(dict(self.services.settings.keymap))
        theme = remembered_theme(self.services.store)
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        first_sync, self.first_sync = self.first_sync, None
        if first_sync is not None and first_sync.done():  # synced while Textual loaded
            self.post_message(self._sync_outcome(first_sync.result))
            return
        self.sync_decks(first_sync.result if first_sync else None)
        # Unchanged deck files sync in a few milliseconds: the first screen is then the first
        # paint. The loading screen shows only when the sync takes longer (files to parse).
        self.loading = self.set_timer(LOADING_AFTER, self._show_loading)

    def _show_loading(self) -> None:
        self.push_screen(LoadingScreen())

    def _theme_changed(self, theme: Theme) -> None:
        """A theme picked in the palette (ctrl+p) is the next launch's theme too."""
        if theme.name != remembered_theme(self.services.store):  # not the one just restored
            remember_theme(self.services.store, theme.name)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_decks(self, wait: Callable[[], SyncReport] | None = None) -> None:
        """Deck files changed since the last run are parsed here, off the event loop (or the
        sync the command line started is waited for)."""
        store, deck_files = self.services.store, self.services.deck_files
        self.post_message(self._sync_outcome(wait or (lambda: store.sync(deck_files()))))

    @staticmethod
    def _sync_outcome(sync: Callable[[], SyncReport]) -> DecksSynced | SyncFailed:
        try:
            return DecksSynced(sync())
        except FlywheelError as error:
            return SyncFailed(str(error))
        except Exception as error:  # e.g. a locked database: say so rather than spin forever
            return SyncFailed(f"cannot sync the deck files: {error}")

    @on(SyncFailed)
    def _sync_failed(self, message: SyncFailed) -> None:
        if self.loading:
            self.loading.stop()
        self.exit(f"flywheel: {message.error}", return_code=2)

    @on(DecksSynced)
    def _synced(self, message: DecksSynced) -> None:
        if self.loading:
            self.loading.stop()
        services = self.services
        names = list(services.store.card_totals())
        if not names:
            self.exit(
                "flywheel: no cards to review: the deck files in use hold no valid notes "
                "(see `flywheel check` and `flywheel paths`)",
                return_code=1,
            )
            return
        if self.deck is not None:
            try:
                require_deck(self.deck, names)
            except FlywheelError as error:
                self.exit(f"flywheel: {error}", return_code=2)
                return
            self.deck = deck_as_named(self.deck, names)
        try:  # reads the latest answer's day, which a damaged row may not hold
            warnings = startup_warnings(services.store, message.report, services.today)
        except FlywheelError as error:
            self.exit(f"flywheel: {error}", return_code=2)
            return
        warnings += self._keymap_warnings(services)
        first: Screen[None]
        if self.first_screen == "review":  # on its status line, never over the question
            first = ReviewScreen(services, self.deck, standalone=True, notices=warnings)
        else:
            from tui.app.screens.home import HomeScreen  # `flywheel review` starts without it

            first = HomeScreen(services)
            for warning in warnings:
                self.notify(
                    visible(warning[0].upper() + warning[1:] + "."),
                    severity="warning",
                    markup=False,
                )
        # Textual adds the width class on the first resize; given now, the screen is styled once.
        first.add_class(width_class(self.size.width, self.HORIZONTAL_BREAKPOINTS))
        if isinstance(self.screen, LoadingScreen):
            self.switch_screen(first)
        else:
            self.push_screen(first)

    def _keymap_warnings(self, services: Services) -> list[str]:
        """A mistyped binding id in the config's [keymap], or a key it takes from another."""
        keymap = services.settings.keymap
        if not keymap:
            return []
        said = [f"[keymap]: {clash}" for clash in keymap_clashes(dict(keymap))]
        unknown = sorted(set(keymap) - binding_ids())
        if not unknown:
            return said
        ids = counted(len(unknown), "unknown binding id")
        return [f"{ids} in [keymap]: {', '.join(unknown)}; press ? for the ids", *said]

    @on(ReviewRequested)
    def _review(self, message: ReviewRequested) -> None:
        services = self.services
        if message.ahead_days or message.extra_new:
            from cards.schedule.stretch import stretched

            store = services.store  # the home screen asked within `room_to_stretch`
            limits = stretched(store.limits, message.ahead_days, message.extra_new)
            services = replace(services, store=store.with_limits(limits))
        self.push_screen(ReviewScreen(services, message.deck))

    def action_open_review(self) -> None:
        self.push_screen(ReviewScreen(self.services, None))

    def action_open_browse(self) -> None:
        from tui.app.screens.browse import (
            BrowseScreen,  # loaded on first use, off the start-up path
        )

        self.push_screen(BrowseScreen(self.services))

    def action_open_stats(self) -> None:
        from tui.app.screens.stats import StatsScreen  # plotext loads on first use

        self.push_screen(StatsScreen(self.services))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen  # loaded on first use

        if isinstance(self.screen, HelpScreen):
            return
        title = self.screen.title or self.title
        self.push_screen(HelpScreen(str(title), help_entries(self)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): the main screens, then Textual's own (themes, quit)."""
        if not isinstance(screen, LoadingScreen):
            yield SystemCommand(
                "Review", "Review today's cards from every deck", self.action_open_review
            )
            yield SystemCommand(
                "Browse", "Search every card; suspend or unsuspend", self.action_open_browse
            )
            yield SystemCommand(
                "Stats", "Forecast, calendar, easiness, retention", self.action_open_stats
            )
        yield SystemCommand("Help", "The keys of this screen", self.action_help)
        yield from super().get_system_commands(screen)


def width_class(width: int, breakpoints: list[tuple[int, str]]) -> str:
    """The class of the widest breakpoint that `width` columns reach, as Textual picks it."""
    return max((edge, name) for edge, name in breakpoints if edge <= width)[1]


def make_app(
    store: Store,
    *,
    today: date,
    clock: Clock = system_clock,
    settings: Settings | None = None,
    deck_files: Callable[[], list[Path]] = no_deck_files,
    environ: Mapping[str, str] | None = None,
    start: Start = "home",
    deck: str | None = None,
    user_decks: Path | None = None,
    first_sync: Future[SyncReport] | None = None,
    sync_with_anki: Callable[[], list[str]] | None = None,
) -> FlywheelApp:
    """Build the app around an open store; the CLI and the tests both come through here.

    Args:
        store: The collection, already open; the app never closes it.
        today: The study day (from the Workspace, or fixed by a test).
        clock: The source of "now" for answer times and the session's duration.
        settings: Language, keymap and limits; the defaults when None.
        deck_files: Called at start (and after an edit) for the deck files to sync.
        environ: For $VISUAL/$EDITOR; the process environment when None.
        start: "home" (the deck list) or "review" (straight into today's queue).
        deck: With start="review", the deck to review (its subdecks included).
        user_decks: The user's deck folder, for added notes and edited built-in decks.
        first_sync: The deck files' sync, started by the command line before Textual loaded
            (None: the app syncs them itself).
        sync_with_anki: Syncs with Anki for the home screen's `y` (None: not offered).
    """
    services = Services(
        store=store,
        today=today,
        clock=clock,
        settings=settings or Settings(),
        deck_files=deck_files,
        user_decks=user_decks,
        sync_with_anki=sync_with_anki,
        **({"environ": dict(environ)} if environ is not None else {}),
    )
    return FlywheelApp(services, start=start, deck=deck, first_sync=first_sync)

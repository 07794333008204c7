"""What happens before the first card is painted, and what waits until after it."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Markdown

import tui.app.app
from cards.decks.card import Card
from cards.errors import FlywheelError
from cards.store.deck_sync import SyncReport
from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, run_start, screen_text, synced, until
from tui.app.app import FlywheelApp, width_class
from tui.app.screens.loading import LoadingScreen
from tui.app.screens.review import ReviewScreen
from tui.app.widgets import card_view
from tui.app.widgets.card_text import CardText


async def test_the_review_imports_markdown_once_after_its_first_card(
    small_store: Store, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first card (plain) is drawn without the Markdown widget, which is then imported once,
    in a thread."""
    preloads: list[tuple[str, bool]] = []

    def preload() -> None:
        front = app.screen.query_one("#front", CardText)
        preloads.append((front.source, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(card_view, "preload_markdown", preload)
    app = build_app(small_store, [deck_file])

    async with piloted(app) as pilot:
        assert not app.screen.query(Markdown)
        await pilot.press("space", "4", "space", "4")
        await app.workers.wait_for_complete()
    assert preloads == [("Capital of Korea?\n\n한국의 수도는?", False)]


async def test_the_first_card_is_drawn_once_and_again_after_a_screen_over_it(
    small_store: Store, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws: list[str] = []
    show = card_view.CardView.show

    async def counted_show(view: card_view.CardView, card: Card, *args: Any) -> list[str]:
        draws.append(card.id)
        return await show(view, card, *args)

    monkeypatch.setattr(card_view.CardView, "show", counted_show)
    app = build_app(small_store, [deck_file])

    async with piloted(app) as pilot:
        assert len(draws) == 1
        await pilot.press("question_mark")
        await pilot.press("escape")
        await pilot.pause()
        assert len(draws) == 2  # back from the help: the store is asked again


async def test_a_quick_sync_goes_straight_to_the_first_screen(
    small_store: Store, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading_shown: list[bool] = []
    compose = LoadingScreen.compose

    def recorded_compose(screen: LoadingScreen) -> ComposeResult:
        loading_shown.append(True)
        return compose(screen)

    monkeypatch.setattr(LoadingScreen, "compose", recorded_compose)
    monkeypatch.setattr(tui.app.app, "LOADING_AFTER", 600)  # however slow the machine
    app = build_app(small_store, [deck_file])

    async with piloted(app):
        assert isinstance(app.screen, ReviewScreen)
    assert loading_shown == []


async def test_a_slow_sync_shows_the_loading_screen_then_the_first_card(
    small_store: Store, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.app.app, "LOADING_AFTER", 0.01)
    release = threading.Event()

    def slow_deck_files() -> list[Path]:
        release.wait(timeout=30)  # held until the loading screen is seen
        return [deck_file]

    app = build_app(small_store, [deck_file])
    app.services = replace(app.services, deck_files=slow_deck_files)

    def loading_drawn() -> bool:
        """the loading screen's line on the terminal"""
        return isinstance(app.screen, LoadingScreen) and "Syncing deck files" in screen_text(app)

    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await until(pilot, loading_drawn)
        finally:
            release.set()  # a failed wait must not hold the sync for its full timeout
        await synced(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert not any(isinstance(screen, LoadingScreen) for screen in app.screen_stack)


def test_the_width_class_is_the_one_textual_gives_on_resize() -> None:
    breakpoints = FlywheelApp.HORIZONTAL_BREAKPOINTS
    widths = (0, 60, 109, 110, 200)
    assert [width_class(width, breakpoints) for width in widths] == [
        "-narrow",
        "-narrow",
        "-narrow",
        "-wide",
        "-wide",
    ]


@pytest.mark.parametrize(
    ("size", "shown", "not_shown"),
    [((60, 20), "-narrow", "-wide"), ((120, 40), "-wide", "-narrow")],
)
async def test_the_first_screen_has_its_width_class_at_once(
    small_store: Store, deck_file: Path, size: tuple[int, int], shown: str, not_shown: str
) -> None:
    app = build_app(small_store, [deck_file])

    async with piloted(app, size=size):
        assert app.screen.has_class(shown)
        assert not app.screen.has_class(not_shown)


async def until_reviewing(pilot: Pilot[Any]) -> None:
    """Until the review is on screen with its header's title set (by a watcher: let it end)."""

    def titled() -> bool:
        screen = pilot.app.screen
        titles = screen.query("HeaderTitle")
        return isinstance(screen, ReviewScreen) and bool(
            titles and "Review" in str(titles.first().render())
        )

    await until(pilot, titled)


async def test_a_sync_finished_while_textual_loaded_starts_no_worker(
    small_store: Store, deck_file: Path
) -> None:
    """The command line syncs beside Textual's import; done by on_mount, its report is used."""
    report = small_store.sync([deck_file])
    done: Future[SyncReport] = Future()
    done.set_result(report)
    app = build_app(small_store, [deck_file])
    app.first_sync = done

    async with app.run_test(size=(80, 24)) as pilot:
        await until_reviewing(pilot)
        assert not [worker for worker in app.workers if worker.group == "sync"]
        assert app.loading is None


async def test_a_failed_first_sync_ends_with_its_message(
    small_store: Store, deck_file: Path
) -> None:
    failed: Future[SyncReport] = Future()
    failed.set_exception(FlywheelError("deck.toml: cannot read"))
    app = build_app(small_store, [deck_file])
    app.first_sync = failed

    await run_start(app)
    assert (app.return_value, app.return_code) == ("flywheel: deck.toml: cannot read", 2)


async def test_a_first_sync_still_running_is_waited_for(
    small_store: Store, deck_file: Path
) -> None:
    pending: Future[SyncReport] = Future()
    app = build_app(small_store, [deck_file])
    app.first_sync = pending

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        pending.set_result(small_store.sync([deck_file]))
        await until_reviewing(pilot)

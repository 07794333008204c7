"""The app around the screens: keymap, start-up sync off the event loop, warnings."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import (
    NOW,
    TODAY,
    RecordingApp,
    build_app,
    frozen_clock,
    log,
    piloted,
    recording_app,
    run_start,
    screen_text,
)
from tui.app.app import make_app
from tui.app.keys import binding_ids
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.status_line import StatusLine


async def test_a_keymap_remaps_bindings_by_id(small_store: Store, deck_file: Path) -> None:
    settings = Settings(keymap={"reveal": "v", "grade-4": "g"})
    app = build_app(small_store, [deck_file], settings=settings)
    async with piloted(app) as pilot:
        await pilot.press("space")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert not screen.revealed
        await pilot.press("v", "g")
    assert log(small_store) == [("test/capital#fwd", 4)]


async def test_a_clock_that_went_back_warns_and_carries_on(
    small_store: Store, deck_file: Path
) -> None:
    later = TODAY + timedelta(days=3)
    item = small_store.queue(later)[0]
    small_store.answer(item.card_id, 4, later, NOW + timedelta(days=3))

    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        status = app.screen.query_one(StatusLine)
        assert status.severity == "warning"
        assert "is before the last answer (2026-01-18)" in status.message
        text = screen_text(app)  # beside the question, not over it
        assert "before the last answer" in text, text
        assert "flywheel" in text, text
        await pilot.press("space", "4")
    assert len(log(small_store)) == 2


async def test_unknown_keymap_ids_are_named_in_a_warning(
    small_store: Store, deck_file: Path
) -> None:
    settings = Settings(keymap={"reveal": "v", "revael": "x"})
    app = recording_app(small_store, [deck_file], settings=settings)
    async with piloted(app):
        message, notes = app.screen.query_one(StatusLine).message, app.notes
    assert message == "Warning: 1 unknown binding id in [keymap]: revael; press ? for the ids."
    assert notes == []


async def test_on_the_home_screen_warnings_are_notifications(
    small_store: Store, deck_file: Path
) -> None:
    settings = Settings(keymap={"revael": "x"})
    app = RecordingApp(
        build_app(small_store, [deck_file], settings=settings, start="home").services
    )
    app.first_screen = "home"
    await run_start(app)
    assert app.notes == [
        ("warning", "1 unknown binding id in [keymap]: revael; press ? for the ids.")
    ]


def test_every_binding_id_is_unique_per_screen_and_documented() -> None:
    ids = binding_ids()
    assert {"reveal", "undo", "suspend", "bury", "edit", "language", "help", "back", "quit"} <= ids
    assert {f"grade-{grade}" for grade in range(6)} <= ids
    assert {"review", "review-deck", "browse", "stats", "search", "toggle-suspend"} <= ids


async def test_the_start_up_sync_runs_in_a_worker_thread(
    small_store: Store, deck_file: Path
) -> None:
    threads: list[threading.Thread] = []

    def deck_files() -> list[Path]:
        threads.append(threading.current_thread())
        return [deck_file]

    app = make_app(
        small_store, today=TODAY, clock=frozen_clock, deck_files=deck_files, start="review"
    )
    async with piloted(app):
        assert isinstance(app.screen, ReviewScreen)
    assert threads
    assert all(thread is not threading.main_thread() for thread in threads)


async def test_a_keymap_key_taken_from_another_binding_is_said(
    small_store: Store, deck_file: Path
) -> None:
    """`reveal = "q"` leaves quit without its key: the start says so, as it names a typo."""
    settings = Settings(keymap={"reveal": "q"})
    app = recording_app(small_store, [deck_file], settings=settings)
    async with piloted(app):
        message = app.screen.query_one(StatusLine).message
    assert message.startswith("Warning: [keymap]: reveal takes q from "), message
    assert "reveal takes q from quit" in message, message

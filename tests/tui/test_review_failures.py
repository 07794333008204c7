"""The review screen when the store says no: an answer refused, a re-sync after an edit failed.

Either way the user is told on the status line and the review goes on from the store's queue.
"""

from __future__ import annotations

import contextlib
import shlex
import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, log, piloted, until
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.status_line import StatusLine


async def test_an_answer_the_store_refuses_is_reported_and_the_queue_reloaded(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space")
        # Meanwhile another process (`flywheel answer`) records this very card.
        with Store.open(small_store.path) as other:
            other.answer("test/capital#fwd", 5, TODAY, NOW)
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        status = screen.query_one(StatusLine)
        assert (status.severity, status.message) == (
            "error",
            "Not recorded: card test/capital#fwd is not in today's queue (2026-01-15)",
        )
        current = screen.session.current
        assert current is not None
        assert current.card_id == "test/pair#fwd"
        assert not screen.revealed
        await pilot.press("space", "4")  # and the review goes on
    assert log(small_store) == [("test/capital#fwd", 5), ("test/pair#fwd", 4)]


EXTRA_NOTES = "".join(
    f'\n[[notes]]\nid = "test/extra-{number}"\nkind = "basic"\n'
    f'en.front = "Extra question {number} {"padding " * 20}"\nen.back = "Extra answer"\n'
    for number in range(300)
)


async def test_a_failed_resync_after_an_edit_is_reported_and_the_review_goes_on(
    watched_small: tuple[Store, sqlite3.Connection],
    deck_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The editor adds notes the database has no room for (as on a full disk)."""
    small_store, writer = watched_small
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA_NOTES, encoding="utf-8")
    editor = tmp_path / "editor"
    editor.write_text(
        f'#!/bin/sh\nfor last; do :; done\ncat {shlex.quote(str(extra))} >> "$last"\n',
        encoding="utf-8",
    )
    editor.chmod(0o755)
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    writer.execute(f"PRAGMA max_page_count = {pages}")

    app = build_app(small_store, [deck_file], environ={"EDITOR": str(editor)})
    # The headless test driver cannot hand the terminal over (the tmux tests do that).
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with piloted(app) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("e")
        await until(pilot, lambda: not screen.syncing)
        status = screen.query_one(StatusLine)
        assert (status.severity, status.message) == (
            "error",
            f"Sync failed: {small_store.path}: disk full; nothing was written: free some "
            "space and try again",
        )
        current = screen.session.current
        assert current is not None
        assert current.card_id == "test/capital#fwd"
        await pilot.press("space", "4")  # the keys work again
    assert "Extra question 0" in deck_file.read_text(encoding="utf-8")
    assert small_store.card("test/extra-0#fwd") is None
    assert log(small_store) == [("test/capital#fwd", 4)]


async def test_the_leech_message_names_the_card(small_store: Store, deck_file: Path) -> None:
    for back in range(15, 0, -1):  # learned, then forgotten and relearned seven times
        day = TODAY - timedelta(days=back)
        moment = datetime.combine(day, time(9), UTC)
        if back % 2:
            small_store.answer("test/capital#fwd", 4, day, moment)
            continue
        small_store.answer("test/capital#fwd", 1, day, moment)
        small_store.answer("test/capital#fwd", 4, day, moment + timedelta(seconds=5))

    app = build_app(small_store, [deck_file])
    async with piloted(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None
        assert screen.session.current.card_id == "test/capital#fwd"
        await pilot.press("space", "1")
        await pilot.pause()
        message = screen.query_one(StatusLine).message
    assert "Leech" in message
    assert "test/capital#fwd" in message

"""The home screen syncs with `y` and says when it last synced; `[sync] on_close` syncs as the
review ends."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

import pytest
from anki.scheduler.v3 import CardAnswer

from cards.store.store import Store
from cards.workspace import Workspace, open_workspace
from tests.syncing.conftest import Desk
from tests.syncing.support import Phone, flywheel
from tests.tui.conftest import screen_text, until
from tui.app.app import FlywheelApp, make_app
from tui.commands.review_command import sync_on_close
from tui.commands.sync_command import sync_without_asking

pytestmark = pytest.mark.anki


def _answers(desk: Desk) -> int:
    with sqlite3.connect(desk.db) as connection:
        return int(connection.execute("SELECT count(*) FROM review_log").fetchone()[0])


def _home(store: Store, workspace: Workspace) -> FlywheelApp:
    """The app on its home screen, syncing with Anki when `y` is pressed."""
    return make_app(
        store,
        today=workspace.today,
        settings=workspace.settings,
        deck_files=workspace.deck_files,
        start="home",
        sync_with_anki=sync_without_asking(workspace),
    )


async def test_y_on_the_home_screen_syncs_and_shows_when(desk: Desk, phone: Phone) -> None:
    assert flywheel(*desk.sync_args()) == 0  # logged in once, in a terminal
    phone.sync()
    answered = phone.answer_queue(CardAnswer.GOOD, limit=2)
    phone.sync()
    workspace = open_workspace(os.environ, datetime.now().astimezone())

    with Store.open(desk.db) as store:
        app = _home(store, workspace)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: "Anki: synced" in screen_text(app))
            await pilot.press("y")
            await until(pilot, lambda: "answers taken from Anki" in screen_text(app))
            assert f"{len(answered)} answers taken from Anki" in screen_text(app)
    assert _answers(desk) == len(answered)


async def test_without_a_login_y_says_where_to_log_in(desk: Desk) -> None:
    workspace = open_workspace(os.environ, datetime.now().astimezone())

    with Store.open(desk.db) as store:
        app = _home(store, workspace)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: "Anki: not synced yet" in screen_text(app))
            await pilot.press("y")
            await until(pilot, lambda: "The sync failed" in screen_text(app))
            assert "run `flywheel sync` in a terminal first" in screen_text(app)


def test_on_close_syncs_as_the_review_ends(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    desk.config.write_text("builtin_decks = false\n[sync]\non_close = true\n", encoding="utf-8")
    assert flywheel(*desk.sync_args()) == 0
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    workspace = open_workspace(os.environ, datetime.now().astimezone())
    assert workspace.settings.sync.on_close
    capsys.readouterr()
    assert sync_on_close(sync_without_asking(workspace)) == 0
    assert "1 answer sent to Anki" in capsys.readouterr().out
    phone.sync()
    assert len(phone.revlog()) == 1

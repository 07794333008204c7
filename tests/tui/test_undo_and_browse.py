"""`u` in the review takes back this sitting's latest action; browse shows its changes at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from cards.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, log, screen_text, synced
from tui.screens.browse import BrowseScreen
from tui.screens.review import ReviewScreen
from tui.widgets.status_line import StatusLine


def test_u_after_s_takes_back_the_suspension(small_store: Store, deck_file: Path) -> None:
    async def scenario() -> None:
        app = build_app(small_store, [deck_file])
        async with app.run_test(size=(80, 24)) as pilot:
            await synced(pilot)
            await pilot.press("space", "4", "s", "u")
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.session.current is not None
            assert screen.session.current.card_id == "test/pair#fwd"
            status = screen.query_one(StatusLine)
            assert status.message == "Took back the suspension of test/pair#fwd."
            assert "Took back the suspension" in screen_text(app)

    asyncio.run(scenario())
    assert log(small_store) == [("test/capital#fwd", 4)]
    assert not small_store.state("test/pair#fwd").suspended  # type: ignore[union-attr]


def test_u_after_b_takes_back_the_burial(small_store: Store, deck_file: Path) -> None:
    async def scenario() -> None:
        app = build_app(small_store, [deck_file])
        async with app.run_test(size=(80, 24)) as pilot:
            await synced(pilot)
            await pilot.press("space", "4", "b", "u")

    asyncio.run(scenario())
    assert log(small_store) == [("test/capital#fwd", 4)]
    assert small_store.state("test/pair#fwd").buried_until is None  # type: ignore[union-attr]


def test_u_leaves_an_answer_another_process_gave(
    small_store: Store, deck_file: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        app = build_app(small_store, [deck_file])
        async with app.run_test(size=(80, 24)) as pilot:
            await synced(pilot)
            await pilot.press("space", "4")  # this sitting: capital
            path = Path(small_store.connection.execute("PRAGMA database_list").fetchone()[2])
            with Store.open(path) as script:
                script.answer("test/cloze#c1", 5, TODAY, NOW)
            await pilot.press("u")

    asyncio.run(scenario())
    assert log(small_store) == [("test/cloze#c1", 5)]


def test_browse_shows_an_unsuspend_at_once_and_keeps_the_row(
    small_store: Store, deck_file: Path
) -> None:
    small_store.set_suspended("test/pair#rev", True, TODAY)

    async def scenario() -> None:
        app = build_app(small_store, [deck_file], start="home")
        async with app.run_test(size=(100, 30)) as pilot:
            await synced(pilot)
            app.push_screen(BrowseScreen(app.services, "is:suspended"))
            await synced(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            table = screen.query_one("#browse-table", DataTable)
            assert table.row_count == 1
            await pilot.press("s")
            await pilot.pause()
            assert table.row_count == 1  # stays until the search runs again
            assert table.get_cell("test/pair#rev", "flags") == ""
            detail = str(screen.query_one("#browse-detail", Static).render())
            assert "susp" not in detail
            assert "active" in detail
            assert not small_store.state("test/pair#rev").suspended  # type: ignore[union-attr]
            await pilot.press("s")  # and back again: the second press works too
            await pilot.pause()
            assert table.get_cell("test/pair#rev", "flags") == "susp"
            assert small_store.state("test/pair#rev").suspended  # type: ignore[union-attr]
            screen.query_one("#browse-search", Input).value = "is:suspended "
            await pilot.pause()
            assert table.row_count == 1
            assert "susp" in screen_text(app)

    asyncio.run(scenario())

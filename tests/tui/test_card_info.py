"""Card info (`i`): the card's full history and the source it cites, from review and browse."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, piloted, seed_files, synced
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.card_info import CardInfoScreen
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.browse_list import BrowseList

CARD = "iot/in-car-delivery-partners#c1"


def history_cells(screen: CardInfoScreen) -> list[list[str]]:
    table: DataTable[str] = screen.query_one("#info-history", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_browse_i_shows_every_answer_and_the_source(seed_store: Store) -> None:
    first, second = TODAY - timedelta(days=3), TODAY - timedelta(days=2)
    seed_store.answer(CARD, 3, first, NOW - timedelta(days=3), seconds=6.5)
    seed_store.answer(CARD, 1, second, NOW - timedelta(days=2), seconds=75)
    seed_store.answer(CARD, 5, second, NOW - timedelta(days=2))  # the drill

    app = build_app(seed_store, seed_files(), start="home")
    async with piloted(app, size=(120, 40)) as pilot:
        app.action_open_browse()
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        browse.query_one("#browse-search", Input).value = "in-car-delivery-partners"
        await synced(pilot)  # the search runs in a worker
        browse.query_one("#browse-table", BrowseList).focus()
        await pilot.press("i")
        info = app.screen
        assert isinstance(info, CardInfoScreen)
        assert info.card_id == CARD
        assert history_cells(info) == [
            [first.isoformat(), "3 hard", "1 d", "2.36", "6.5", ""],
            [second.isoformat(), "1 wrong", "1 d", "1.82", "60.0", ""],
            [second.isoformat(), "5 perfect", "1 d", "1.82", "-", "drill"],
        ]
        summary = str(info.query_one("#info-summary", Static).render())
        assert "source: 001_3a58f0aec79fc563.txt:15" in summary
        assert "아마존 웨이, 사물 인터넷과 플랫폼 전략 外, 이미영, DBR" in summary
        assert "reviews 2   lapses 1" in summary
        await pilot.press("i")
        assert app.screen is browse


async def test_review_i_shows_the_current_card_without_history(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app, size=(100, 30)) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("i")
        info = app.screen
        assert isinstance(info, CardInfoScreen)
        assert info.card_id == "test/capital#fwd"
        assert history_cells(info) == []
        summary = str(info.query_one("#info-summary", Static).render())
        assert "due not yet seen" in summary
        assert "source: -" in summary
        assert f"file: {deck_file.resolve()}" in summary
        await pilot.press("escape")
        assert app.screen is review

"""Deck files changed in another window while a review is open: read before the next card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.tui.conftest import build_app, log, piloted
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.status_line import StatusLine

FIRST_DECK = """\
name = "First"

[[notes]]
id = "first/one"
kind = "basic"
en.front = "First deck, question one?"
en.back = "One"

[[notes]]
id = "first/two"
kind = "basic"
en.front = "First deck, question two?"
en.back = "Two"
"""

SECOND_DECK = """\
name = "Second"

[[notes]]
id = "second/one"
kind = "basic"
en.front = "Second deck, question one?"
en.back = "Uno"
"""


def two_decks(write_deck: Callable[..., Path], tmp_path: Path) -> tuple[Store, list[Path]]:
    files = [write_deck(FIRST_DECK, "first.toml"), write_deck(SECOND_DECK, "second.toml")]
    store = Store.open(tmp_path / "two.sqlite3", Limits())
    store.sync(files)
    return store, files


def current_card(screen: ReviewScreen) -> str | None:
    item = screen.session.current
    return None if item is None else item.card_id


async def test_a_deck_file_removed_mid_review_leaves_the_queue_before_the_next_card(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    store, files = two_decks(write_deck, tmp_path)

    with store:
        app = build_app(store, files)
        async with piloted(app) as pilot:
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert current_card(screen) == "first/one#fwd"
            files[0].unlink()  # moved away in another window: the folder no longer lists it
            files.pop(0)
            await pilot.press("space", "4")
            await pilot.pause()
            # the next card is the remaining deck's, not first/two (which could not be answered)
            assert current_card(screen) == "second/one#fwd"
            assert "gone" in screen.query_one(StatusLine).message
            await pilot.press("space", "4")
            await pilot.pause()
        assert log(store) == [("first/one#fwd", 4), ("second/one#fwd", 4)]


async def test_a_deck_file_that_no_longer_reads_is_named_not_called_read(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    store, files = two_decks(write_deck, tmp_path)

    with store:
        app = build_app(store, files)
        async with piloted(app, size=(200, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            files[0].write_text(FIRST_DECK + "broken = [\n", encoding="utf-8")
            await pilot.press("space", "4")
            await pilot.pause()
            status = screen.query_one(StatusLine)
            assert status.severity == "warning"
            assert "first.toml" in status.message
            assert "flywheel check" in status.message
            # its last good notes stay in review
            assert current_card(screen) == "first/two#fwd"

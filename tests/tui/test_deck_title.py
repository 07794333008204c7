"""A deck named in another case (`--deck test::basics`) is titled as the deck files spell it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text
from tui.app.screens.review import ReviewScreen


@pytest.mark.parametrize(("typed", "titled"), [("test::basics", "Test::Basics"), ("TEST", "Test")])
async def test_the_review_is_titled_with_the_decks_own_spelling(
    world_store: Store, world_files: list[Path], typed: str, titled: str
) -> None:
    app = build_app(world_store, world_files, deck=typed)
    async with piloted(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == titled
        screen = screen_text(app)
    assert f"Review — {titled}" in screen, screen

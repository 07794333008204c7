"""The end of a one-deck sitting: besides what was done, what other decks still have today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text
from tui.app.widgets.summary import elsewhere_line


async def test_the_end_of_one_deck_says_what_other_decks_still_have(
    tmp_path: Path, world_files: list[Path]
) -> None:
    with Store.open(tmp_path / "world.sqlite3", Limits()) as store:
        store.sync(world_files)
        app = build_app(store, world_files, deck="Test::Basics")
        async with piloted(app, size=(100, 30)) as pilot:
            for _ in range(20):
                if app.screen.has_class("-finished"):
                    break
                await pilot.press("space", "5")
            assert app.screen.has_class("-finished")
            body = str(app.screen.query_one("#summary-body").render())
    assert "due today in other decks" in body
    assert "flywheel review --deck World::Capitals::" in body


def test_the_other_decks_line_names_a_deck_as_the_shell_takes_it() -> None:
    line = elsewhere_line({"Geo Facts": 2, "A": 1, "B": 1, "[C]": 1})
    assert line is not None
    assert line.startswith("5 cards are due today in other decks (Geo Facts 2, A 1, B 1, ...)")
    assert "flywheel review --deck 'Geo Facts'," in line
    assert elsewhere_line({}) is None


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_end_of_a_sitting_shows_the_week_ahead_whole(
    world_store: Store, world_files: list[Path], size: tuple[int, int]
) -> None:
    app = build_app(world_store, world_files, deck="Test::Basics")
    async with piloted(app, size) as pilot:
        for _ in range(20):
            if app.screen.has_class("-finished"):
                break
            await pilot.press("space", "5")
        assert app.screen.has_class("-finished")
        await pilot.press("end")  # a short terminal scrolls to the foot of the summary
        await pilot.pause()
        screen = screen_text(app)
    assert re.search(r"Due\s+today", screen), screen
    assert "Busiest day of the next 30" in " ".join(screen.split()), screen


async def test_an_empty_month_is_said_once_not_by_the_summary_and_the_week_ahead(
    tmp_path: Path, world_files: list[Path]
) -> None:
    """With no new cards allowed and nothing due, the empty state's text says so one time."""
    with Store.open(tmp_path / "world.sqlite3", Limits(new_per_day=0)) as store:
        store.sync(world_files)
        app = build_app(store, world_files)
        async with piloted(app, size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.screen.has_class("-finished")
            screen = " ".join(screen_text(app).split())
    assert "Nothing to review right now" in screen, screen
    assert screen.count("No reviews fall due in the next 30 days") == 1, screen

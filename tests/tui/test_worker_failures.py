"""A screen whose figures or rows cannot be read says so, rather than waiting forever."""

from __future__ import annotations

from pathlib import Path

from cards.store.store import Store
from tests.sql import run_sql
from tests.tui.conftest import NOW, TODAY, build_app, piloted, run_start, screen_text, until
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.stats import StatsScreen


async def shown_after_opening(
    store: Store, deck_file: Path, screen: type[BrowseScreen | StatsScreen], reason: str
) -> str:
    """The screen's text once it says why it cannot go on (`reason`, the start of its line)."""

    app = build_app(store, [deck_file], start="home")
    async with piloted(app, size=(120, 30)) as pilot:
        app.push_screen(screen(app.services))

        def told() -> bool:
            """the reason on the screen"""
            return f"{reason} the collection holds a damaged value" in screen_text(app)

        await until(pilot, told, timeout=60)  # a loaded machine reads slowly
        return screen_text(app)


async def test_browse_names_a_damaged_due_day_instead_of_reading_forever(
    small_store: Store, deck_file: Path
) -> None:
    run_sql(small_store, "UPDATE card SET due = 'zz' WHERE id = 'test/capital#fwd'")
    shown = await shown_after_opening(
        small_store, deck_file, BrowseScreen, "Cannot list the cards:"
    )
    assert "the collection holds a damaged value (due 'zz')" in shown
    assert "flywheel doctor" in shown
    assert "so far" not in shown


async def test_stats_names_a_damaged_day_instead_of_counting_forever(
    small_store: Store, deck_file: Path
) -> None:
    small_store.answer("test/capital#fwd", 4, TODAY, NOW)
    run_sql(small_store, "UPDATE review_log SET day = '2026-01-0x'")
    small_store.answer("test/pair#fwd", 4, TODAY, NOW)  # the latest day stays a real one
    shown = await shown_after_opening(small_store, deck_file, StatsScreen, "Cannot count:")
    assert "the collection holds a damaged value (day '2026-01-0x')" in shown
    assert "Counting..." not in shown


async def test_a_damaged_latest_day_ends_the_start_with_one_line(
    small_store: Store, deck_file: Path
) -> None:
    small_store.answer("test/capital#fwd", 4, TODAY, NOW)
    run_sql(small_store, "UPDATE review_log SET day = '2026-01-1x'")
    app = build_app(small_store, [deck_file])

    await run_start(app)
    assert app.return_code == 2
    assert str(app.return_value).startswith(
        "flywheel: the collection holds a damaged value (day '2026-01-1x')"
    )

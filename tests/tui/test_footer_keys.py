"""The footer's keys through reveals and grades: the reveal key comes and goes, the rest stay, and
the keys already built are kept (building them again restyles each one, slowing the next key)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from cards.store.store import Store
from tests.tui.conftest import build_app, piloted
from tui.app.app import FlywheelApp
from tui.app.widgets.footer import AppFooter


def shown_keys(app: FlywheelApp) -> list[tuple[str, str, bool]]:
    """Each key the footer shows: its key, its description and whether it is idle."""
    footer = app.screen.query_one(AppFooter)
    return [
        (key.key_display, key.description, key.has_class("-disabled"))
        for key in footer.query_children(FooterKey)
        if key.display
    ]


def footer_widgets(app: FlywheelApp) -> set[int]:
    return {id(key) for key in app.screen.query_one(AppFooter).query_children(FooterKey)}


async def test_the_reveal_key_leaves_the_footer_and_comes_back_without_a_rebuild(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app, size=(100, 30)) as pilot:
        await pilot.pause()
        before = shown_keys(app)
        built = footer_widgets(app)
        assert ("␣", "Show", False) in before
        await pilot.press("space")
        await pilot.pause()
        revealed = shown_keys(app)
        assert [key for key in revealed if key[1] == "Show"] == []
        assert [key for key in before if key[1] != "Show"] == revealed
        await pilot.press("4")
        await pilot.pause()
        assert shown_keys(app) == before
        assert footer_widgets(app) == built


async def test_a_rebuilt_footer_follows_the_keymap_of_a_narrow_screen(
    small_store: Store, deck_file: Path
) -> None:
    """A resize across the palette hint's width builds the keys again, and the review's keys
    keep working on the keys built then."""
    app = build_app(small_store, [deck_file])
    async with piloted(app, size=(100, 30)) as pilot:
        await pilot.pause()
        wide = shown_keys(app)
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        narrow = shown_keys(app)
        assert len(narrow) == len(wide) - 1  # the palette's hint is gone
        await pilot.press("space")
        await pilot.pause()
        assert [key for key in shown_keys(app) if key[1] == "Show"] == []
        await pilot.press("4")
        await pilot.pause()
        assert shown_keys(app) == narrow

"""The language switched with `l` and the theme picked in the palette survive a restart."""

from __future__ import annotations

from pathlib import Path

from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text, synced
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.review import ReviewScreen


async def test_language_and_theme_are_remembered_across_launches(
    tmp_path: Path, deck_file: Path
) -> None:
    db = tmp_path / "prefs.sqlite3"
    settings = Settings(language="en")

    async def first_launch() -> None:
        with Store.open(db) as store:
            app = build_app(store, [deck_file], settings=settings)
            async with piloted(app, size=(100, 30)) as pilot:
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                assert screen.language == "en"
                await pilot.press("l")
                assert str(screen.language) == "ko"
                app.theme = "textual-light"
                await pilot.pause()

    async def second_launch() -> None:
        with Store.open(db) as store:
            app = build_app(store, [deck_file], settings=settings)
            async with piloted(app, size=(100, 30)) as pilot:
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                assert screen.language == "ko"
                assert app.theme == "textual-light"
                app.action_open_browse()
                await synced(pilot)
                browse = app.screen
                assert isinstance(browse, BrowseScreen)
                assert "한국의 수도는?" in screen_text(app)

    await first_launch()
    with Store.open(db) as store:
        assert (store.preference("language"), store.preference("theme")) == ("ko", "textual-light")
    await second_launch()


async def test_an_unknown_remembered_theme_or_language_falls_back(
    tmp_path: Path, deck_file: Path
) -> None:
    db = tmp_path / "prefs.sqlite3"
    with Store.open(db) as store:
        store.set_preference("theme", "no-such-theme")
        store.set_preference("language", "fr")

    async def launch() -> None:
        with Store.open(db) as store:
            app = build_app(store, [deck_file], settings=Settings(language="both"))
            async with piloted(app, size=(100, 30)):
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                assert screen.language == "both"
                assert app.theme == "textual-dark"

    await launch()

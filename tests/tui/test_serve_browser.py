"""`flywheel serve` in a real browser (headless Chromium, driven by Playwright): the page, its
review, its fonts, its token and the card's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.tui.served import (
    Served,
    Tab,
    need_korean_font,
)
from tests.tui.terminal import review_log

pytestmark = pytest.mark.browser


MEDIA_DECK = """\
name = "Media"

[[notes]]
id = "media/picture"
kind = "basic"
en.front = "What is shown? ![a map](media/map%20of%20seoul.png)"
en.back = "Seoul"
"""


def test_the_page_shows_the_home_screen_then_the_first_card(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab]
) -> None:
    tab = open_tab(serve().url)
    assert tab.page.title() == "Flywheel"
    tab.wait_for("Flywheel — Decks")  # the home screen, with the deck
    assert "Basics    3 new" in tab.screen()
    tab.press("r")
    tab.wait_for("Capital of Korea?")


def test_three_cards_revealed_and_graded_are_in_the_log(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    tab = open_tab(serve("--deck=Test::Basics").url)
    tab.wait_for("Capital of Korea?")
    tab.press("Space")
    tab.wait_for("Seoul")
    tab.press("4")
    tab.wait_for("1 done")
    tab.press("Space")
    tab.wait_for("a wheel that stores momentum")
    tab.press("2")
    tab.wait_for("2 done")
    tab.press("Space")
    tab.wait_for("1994")
    tab.press("5")
    tab.wait_for("3 done")
    assert review_log(user["FLYWHEEL_DB"]) == [
        ("test/capital#fwd", 4),
        ("test/pair#fwd", 2),
        ("test/cloze#c1", 5),
    ]


def test_korean_text_is_drawn_with_a_korean_font(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab]
) -> None:
    need_korean_font()
    tab = open_tab(serve("--deck=Test::Basics").url)
    tab.wait_for("한국의 수도는?")
    tab.press("Space")
    tab.wait_for("서울")
    # The terminal's font family has faces for Hangul, regular and bold, taken from the
    # device's Korean fonts, and the page has them loaded for the canvas to draw with.
    faces = tab.page.evaluate(
        """() => [...document.fonts].filter(f => f.family.includes("Roboto Mono"))
              .map(f => [f.unicodeRange.toUpperCase(), f.status])"""
    )
    korean = [status for ranges, status in faces if "U+AC00-D7AF" in ranges]
    assert korean == ["loaded", "loaded"], faces


def test_without_the_token_the_browser_gets_403(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab]
) -> None:
    served = serve()
    tab = open_tab(served.url)
    tab.wait_for("Flywheel — Decks")
    page = tab.page
    for path in ("/", "/static/js/textual.js", "/ws", f"/{'x' * 32}/"):
        response = page.goto(served.origin + path)
        assert response is not None
        assert response.status == 403, path


def test_o_shows_the_cards_files_in_browser_tabs_and_e_says_what_to_do_instead(
    serve: Callable[..., Served], browser: Browser, user: dict[str, str]
) -> None:
    decks = Path(user["FLYWHEEL_DECKS"])
    (decks / "basics.toml").unlink()
    (decks / "media").mkdir()
    (decks / "media.toml").write_text(MEDIA_DECK, encoding="utf-8")
    (decks / "media" / "map of seoul.png").write_bytes(b"\x89PNG picture")
    (decks / "media" / "say.mp3").write_bytes(b"ID3 sound")
    served = serve("--deck=Media")
    context = browser.new_context()
    try:
        tab = Tab(context.new_page(), served.url)
        tab.wait_for("[image: map of seoul.png]")
        tab.press("e")  # no editor can open on the server's terminal for a browser
        tab.wait_for("Editing needs a terminal: run `flywheel edit media/picture`")
        with context.expect_event("response", lambda r: "/download/" in r.url) as delivered:
            tab.press("o")
        response = delivered.value
        assert response.status == 200
        assert response.body() == b"\x89PNG picture"
        assert response.headers["content-security-policy"] == "sandbox"  # runs no script
        tab.wait_for("Opened map of seoul.png in new browser tabs.")
    finally:
        context.close()

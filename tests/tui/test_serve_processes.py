"""`flywheel serve` in a real browser: headless Chromium, driven by Playwright, on the page."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.conftest import GOOD_DECK
from tests.tui.served import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Served,
    Tab,
    app_processes,
    need_chromium,
    need_korean_font,
    wait_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def user(tmp_path: Path) -> dict[str, str]:
    """The small test deck only, on a fixed study day, everything in the test's folder."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "basics.toml").write_text(GOOD_DECK, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('builtin_decks = false\nlanguage = "both"\n', encoding="utf-8")
    return {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(decks),
        "FLYWHEEL_TODAY": "2026-01-15",
    }


@pytest.fixture
def serve(tmp_path: Path, user: dict[str, str]) -> Iterator[Callable[..., Served]]:
    """Start `flywheel serve` (on the test's collection, named on its command line); every
    server started is stopped at the end."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        served = Served(tmp_path, user, f"--db={user['FLYWHEEL_DB']}", *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()
    for left in app_processes(user["FLYWHEEL_DB"]):  # after a failure: nothing left behind
        os.kill(left, signal.SIGKILL)


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[[str], Tab]]:
    """Tabs of one browser window (they share its cookies, as a person's tabs do)."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})

    def open_tab(url: str) -> Tab:
        return Tab(context.new_page(), url)

    yield open_tab
    context.close()


def review_log(db: str) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT card_id, grade FROM review_log ORDER BY id").fetchall()
    return [(str(card), int(grade)) for card, grade in rows]


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


SECOND_DECK = """\
name = "Test::Second"

[[notes]]
id = "second/one"
kind = "basic"
en.front = "First question of the second deck"
en.back = "answer one"

[[notes]]
id = "second/two"
kind = "basic"
en.front = "Second question of the second deck"
en.back = "answer two"

[[notes]]
id = "second/three"
kind = "basic"
en.front = "Third question of the second deck"
en.back = "answer three"
"""


def test_two_tabs_answering_at_once_lose_nothing_and_undo_their_own(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    (Path(user["FLYWHEEL_DECKS"]) / "second.toml").write_text(SECOND_DECK, encoding="utf-8")
    served = serve()
    first, second = open_tab(served.url), open_tab(served.url)
    # From the home screen (All decks, Test, Basics, Second) each tab reviews a deck of its own.
    for tab, downs, deck in ((first, 2, "Test::Basics"), (second, 3, "Test::Second")):
        tab.wait_for("Flywheel — Decks")
        tab.press(*["ArrowDown"] * downs, "Enter")
        tab.wait_for(f"Review — {deck}")
    for done in range(1, 4):  # both reveal, then both grade in the same instant
        first.press("Space")
        second.press("Space")
        first.wait_for("0 blackout")
        second.wait_for("0 blackout")
        first.press("2")
        second.press("3")
        first.wait_for(f"{done} done")
        second.wait_for(f"{done} done")
    log = review_log(user["FLYWHEEL_DB"])
    assert sorted(log) == sorted(
        [
            ("test/capital#fwd", 2),
            ("test/pair#fwd", 2),
            ("test/cloze#c1", 2),
            ("second/one#fwd", 3),
            ("second/two#fwd", 3),
            ("second/three#fwd", 3),
        ]
    )
    # The drill brings the first tab's card back; its answer is the collection's latest, yet
    # undo in the second tab takes back the second tab's own latest answer.
    first.wait_for("Capital of Korea?")
    first.press("Space")
    first.wait_for("0 blackout")
    first.press("5")
    wait_for(lambda: len(review_log(user["FLYWHEEL_DB"])) == 7, "the drill answer")
    second.press("u")
    second.wait_for("Took back")
    after = review_log(user["FLYWHEEL_DB"])
    assert after == [row for row in log if row != ("second/three#fwd", 3)] + [
        ("test/capital#fwd", 5)
    ]
    doctor = subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", "--db", user["FLYWHEEL_DB"], "doctor"],
        capture_output=True,
        text=True,
        env={**os.environ, **user},
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_ctrl_c_ends_the_server_and_every_tab_process_even_a_hung_one(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    served = serve("--deck=Test::Basics")
    tabs = [open_tab(served.url) for _ in range(2)]
    for tab in tabs:
        tab.wait_for("Capital of Korea?")
    marker = user["FLYWHEEL_DB"]
    apps = [pid for pid in app_processes(marker) if pid != served.process.pid]
    assert len(apps) == 2  # one app process per tab
    os.kill(apps[0], signal.SIGSTOP)  # one app hangs: it cannot answer the request to quit
    assert served.interrupt() == 0
    assert app_processes(marker) == []
    for tab in tabs:
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=10_000)


def test_a_server_killed_outright_leaves_no_tab_process_behind(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    """kill -9 gives the server no chance to end its tabs: their processes must end anyway,
    not live on with the collection open."""
    served = serve("--deck=Test::Basics")
    tab = open_tab(served.url)
    tab.wait_for("Capital of Korea?")
    tab.press("Space")
    tab.wait_for("Seoul")
    tab.press("4")
    tab.wait_for("1 done")
    marker = user["FLYWHEEL_DB"]
    assert [pid for pid in app_processes(marker) if pid != served.process.pid]
    served.process.kill()
    served.process.wait()
    wait_for(lambda: app_processes(marker) == [], "the tab's process to end", timeout=10)
    with sqlite3.connect(marker) as connection:
        assert connection.execute("SELECT card_id, grade FROM review_log").fetchall() == [
            ("test/capital#fwd", 4)
        ]


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


def test_a_tab_and_a_terminal_answering_together_lose_nothing(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    tab = open_tab(serve("--deck=Test::Basics").url)
    tab.wait_for("Capital of Korea?")
    tab.press("Space")
    tab.wait_for("0 blackout")
    # While the tab shows its answer, a script in a terminal answers the next card.
    script = subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", "answer", "test/pair#fwd", "5"],
        capture_output=True,
        text=True,
        env={**os.environ, **user},
        check=False,
    )
    assert script.returncode == 0, script.stderr
    tab.press("4")
    tab.wait_for("1 done")
    tab.wait_for("Amazon began in")  # the card the script answered is not asked again
    tab.press("u")  # the tab takes back its own answer, not the script's later one
    tab.wait_for("Took back")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/pair#fwd", 5)]

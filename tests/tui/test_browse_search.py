"""Browse's search box: every key typed lands in order however busy the listing is, and a long
paste is cut to the search's limit rather than freezing the screen."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, seed_files, synced, until
from tests.tui.terminal import FLYWHEEL, Terminal
from tui.app.screens.browse import SEARCH_MAX, BrowseScreen


@pytest.mark.terminal
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_every_key_typed_in_a_terminal_lands_in_order(tmp_path: Path) -> None:
    """`/`, `is:leech`, a pause, Backspace x8 at 50 ms, `Amazon` at 80 ms: five times over, the
    box reads `Amazon` each time (keys once overtook the Backspaces while the table refilled)."""
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {
        "FLYWHEEL_DB": str(tmp_path / "c.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": "2026-01-15",
        "TERM": "xterm-256color",
    }
    terminal = Terminal((80, 24))
    try:
        terminal.start(str(FLYWHEEL), env)
        terminal.wait_for("Browse")
        terminal.keys("b")
        every = re.compile(r"Browse — (\d+) of \1 cards")  # the whole collection listed
        screen = terminal.wait_for(lambda text: every.search(text) is not None)
        match = every.search(screen)
        assert match is not None
        total = match.group(1)
        boxes = []
        for _ in range(5):
            terminal.keys("/")
            time.sleep(1.0)  # the box takes the focus (no mark of it on a plain screen)
            for key in "is:leech":
                terminal.keys("-l", key)
                time.sleep(0.03)
            terminal.wait_for(f"— 0 of {total} cards")
            time.sleep(0.5)
            for _ in range(8):
                terminal.keys("BSpace")
                time.sleep(0.05)
            for key in "Amazon":
                terminal.keys("-l", key)
                time.sleep(0.08)
            screen = terminal.wait_for(lambda text: len(_box(text)) >= 6)
            boxes.append(_box(screen))
            terminal.keys("C-u")
            terminal.wait_for(f"{total} of {total} cards")
            terminal.keys("Escape")
            time.sleep(0.3)  # ESC and a key at once read as Alt+key in any terminal
        assert boxes == ["Amazon"] * 5
    finally:
        terminal.kill()


def _box(screen: str) -> str:
    """What the search box holds, read off the screen (its fourth line)."""
    lines = screen.splitlines()
    box = lines[3].strip(" ▊▎") if len(lines) > 3 else ""
    return "" if box.startswith("search: words") else box  # the placeholder


async def test_a_long_paste_is_cut_to_the_search_limit_and_typing_goes_on(
    seed_store: Store,
) -> None:
    app = build_app(seed_store, seed_files(), start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        app.push_screen(BrowseScreen(app.services))
        await synced(pilot)
        screen = app.screen
        search = screen.query_one("#browse-search", Input)
        await pilot.press("slash")
        app.post_message(events.Paste("amazon flywheel " * 640))  # 10 KB
        await pilot.pause()
        pasted = search.value
        await pilot.press("ctrl+u", *"prime")
        await until(pilot, lambda: "of" in str(screen.sub_title))
        pasted, typed = pasted, search.value
    assert 0 < len(pasted) <= SEARCH_MAX
    assert pasted == ("amazon flywheel " * 640)[:SEARCH_MAX]
    assert typed == "prime"


async def test_the_rows_stay_listed_while_a_search_runs(seed_store: Store) -> None:
    """A search in progress is told in the title; the list stays as it was until the answer
    replaces it, with nothing drawn over it (a loading indicator would blank it at each key)."""
    app = build_app(seed_store, seed_files(), start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        app.push_screen(BrowseScreen(app.services))
        await synced(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await until(pilot, lambda: "of" in str(screen.sub_title))
        listed = list(screen.card_ids)
        with seed_store._read_lock:  # the search waits for the store's reader until let go
            await pilot.press("slash", "z")
            await pilot.pause(0.05)
            assert screen.sub_title == "searching..."
            assert screen._cover_widget is None  # what Textual draws over a widget loading
            assert screen.card_ids == listed
        await until(pilot, lambda: not screen.searching)
        assert screen.card_ids != listed

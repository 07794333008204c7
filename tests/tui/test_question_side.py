"""Before the reveal the screen holds this card's question and nothing of any answer.

Every note in the deck here carries marker words in its back, extra and source, so a test can read
the whole rendered screen after each transition and find any answer text that leaked through.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text
from tui.app.screens.review import ReviewScreen

MARKERS = re.compile(r"(ANSWER|EXTRA|CITED)-(\w+)")


def marked_deck(count: int) -> str:
    notes = [
        f"""
[[notes]]
id = "m/n{i}"
kind = "basic"
source = {{ file = "CITED-n{i}.txt", lines = "1" }}
en.front = "Question n{i}?"
en.back = "ANSWER-n{i}"
en.extra = "EXTRA-n{i}"
ko.front = "질문 n{i}?"
ko.back = "ANSWER-n{i} 답"
ko.extra = "EXTRA-n{i} 덧붙임"
"""
        for i in range(count)
    ]
    return 'name = "Marked"\n' + "".join(notes)


@pytest.fixture
def marked(tmp_path: Path, write_deck: Callable[..., Path]) -> tuple[Store, Path]:
    path = write_deck(marked_deck(8), "marked.toml")
    store = Store.open(tmp_path / "marked.sqlite3")
    store.sync([path])
    return store, path


def review(app: App[Any]) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def assert_question_only(pilot: Pilot[Any]) -> None:
    """The screen shows the current card's question and no answer, extra or source at all."""
    await pilot.pause()
    screen = review(pilot.app)
    item = screen.session.current
    assert item is not None
    assert not screen.revealed
    text = screen_text(pilot.app)
    assert f"n{item.note_id.removeprefix('m/n')}?" in text, text
    assert MARKERS.findall(text) == [], text


async def run(store: Store, path: Path, steps: Callable[[Pilot[Any]], Awaitable[None]]) -> None:
    app = build_app(store, [path])
    async with piloted(app) as pilot:
        await steps(pilot)


async def test_after_each_grade_the_next_question_shows_no_earlier_extra(
    marked: tuple[Store, Path],
) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await assert_question_only(pilot)
        for _ in range(4):
            await pilot.press("space")
            assert "EXTRA-" in screen_text(pilot.app)  # the reveal does show it
            await pilot.press("4")
            await assert_question_only(pilot)

    await run(*marked, steps)


async def test_after_undo_the_card_is_back_unrevealed(marked: tuple[Store, Path]) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "4", "space", "5", "u")
        await assert_question_only(pilot)
        await pilot.press("u")
        await assert_question_only(pilot)

    await run(*marked, steps)


async def test_after_suspend_and_bury_the_next_question_is_clean(
    marked: tuple[Store, Path],
) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "s")
        await assert_question_only(pilot)
        await pilot.press("space", "b")
        await assert_question_only(pilot)

    await run(*marked, steps)


async def test_language_switch_and_resize_keep_the_answer_hidden(
    marked: tuple[Store, Path],
) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "4")
        for _ in range(3):
            await pilot.press("l")
            await assert_question_only(pilot)
        await pilot.resize_terminal(60, 20)
        await assert_question_only(pilot)
        await pilot.resize_terminal(120, 40)
        await assert_question_only(pilot)

    await run(*marked, steps)


async def test_after_an_edit_resync_the_question_is_clean(marked: tuple[Store, Path]) -> None:
    store, path = marked

    async def steps(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "4")
        path.write_text(
            path.read_text(encoding="utf-8").replace("Question n1?", "Question n1 reworded?"),
            encoding="utf-8",
        )
        screen = review(pilot.app)
        screen.resync()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "reworded" in text, text
        assert MARKERS.findall(text) == [], text

    await run(store, path, steps)


async def test_a_reveal_during_the_reload_is_kept_and_shows_the_new_answer(
    marked: tuple[Store, Path],
) -> None:
    store, path = marked

    async def steps(pilot: Pilot[Any]) -> None:
        path.write_text(
            path.read_text(encoding="utf-8").replace("ANSWER-n0", "ANSWER-n0-fixed"),
            encoding="utf-8",
        )
        screen = review(pilot.app)
        screen.resync()
        await pilot.press("space")  # pressed while the files reload: not lost
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.revealed
        assert "ANSWER-n0-fixed" in screen_text(pilot.app)

    await run(store, path, steps)

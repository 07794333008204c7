"""At 60x20 and 80x24 nothing is cut by accident: the help's grade meanings, the number prompt's
question and the review's status line wrap, and what does not fit can be scrolled to."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cards.decks.vocabulary import LanguageChoice
from cards.schedule.queue import Limits
from cards.schedule.sm2 import Grade
from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import TODAY, build_app, piloted, screen_text, seed_files
from tui.app.screens.card_info import history_row

SIZES = [(60, 20), (80, 24)]


def words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text)


def reads_in_order(phrase: str, screen: str) -> bool:
    """Every word of `phrase`, in order, among the words of `screen` (read line by line)."""
    remaining = iter(words(screen))
    return all(word in remaining for word in words(phrase))


@pytest.mark.parametrize("size", SIZES)
async def test_the_help_shows_each_grade_meaning_whole(
    small_store: Store, deck_file: Path, size: tuple[int, int]
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app, size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screens = await pages(pilot)  # the keys scroll what does not fit, a page at a time
    shown, bottom = "".join(screens), screens[-1]
    for grade in Grade:
        assert reads_in_order(grade.description, shown), (grade.description, screens)
    assert reads_in_order("Remap in config.toml keymap", bottom), bottom
    assert reads_in_order("5 perfect grade-5 perfect response", bottom), bottom


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["greater_than_sign", "plus"])
async def test_the_number_prompt_shows_its_whole_question(
    seed_store: Store, size: tuple[int, int], key: str
) -> None:
    app = build_app(seed_store, seed_files(), start="home")
    async with piloted(app, size) as pilot:
        await pilot.press("down", "down", key)  # Amazon::Connection and Platforms
        await pilot.pause()
        screen = screen_text(app)
    deck = "Amazon::Connection and Platforms"
    question = (
        f"Review {deck} ahead: cards due within how many days?"
        if key == "greater_than_sign"
        else f"New cards beyond today's limit, for {deck}:"
    )
    assert reads_in_order(question, screen), screen
    assert "Enter to go, escape to cancel" in screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_status_message_wraps_rather_than_being_cut(
    small_store: Store, deck_file: Path, size: tuple[int, int]
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app, size) as pilot:
        await pilot.press("s")  # the message names the card and how to take it back
        await pilot.pause()
        screen = screen_text(app)
    assert reads_in_order("Suspended u takes it back, browse unsuspends it later.", screen), screen


async def pages(pilot: Pilot[Any]) -> list[str]:
    """The screen, then again after each page down, until a page down changes nothing."""
    screens = [screen_text(pilot.app)]
    while len(screens) < 10:
        await pilot.press("pagedown")
        await pilot.pause()
        if (screen := screen_text(pilot.app)) == screens[-1]:
            break
        screens.append(screen)
    return screens


@pytest.mark.parametrize("size", SIZES)
async def test_card_info_shows_every_answer_in_full_columns(
    history_store: Store, world_files: list[Path], size: tuple[int, int]
) -> None:
    card_id = history_store.queue(TODAY)[0].card_id
    history = history_store.history(card_id)
    assert len(history) >= 3

    app = build_app(history_store, world_files)
    async with piloted(app, size) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screens = await pages(pilot)
    shown = "".join(screens)
    assert reads_in_order(card_id, screens[0]), screens[0]
    assert reads_in_order("History day grade interval ease secs", shown), screens
    for entry in history:
        row = " ".join(history_row(entry)[:5])
        assert reads_in_order(row, shown), (row, screens)
    assert "escape, q or i closes" in screens[-1], screens[-1]


LONG_FACES = {
    "en.front": "Why might a platform built by connection set Amazon beyond its rivals' reach, "
    "in the author's view?",
    "en.back": "Once formed, platform and ecosystem power themselves and grow explosively, "
    "which is why the gap keeps widening year after year.",
    "en.extra": "The author adds that this is probably not the author's view alone, and that "
    "the word for it is the first word of the essay's title.",
    "ko.front": "필자가 보기에, 연결로 만든 플랫폼이 왜 경쟁사가 넘볼 수 없는 격차(넘사벽)가 "
    "될 수 있는가?",
    "ko.back": "플랫폼과 생태계가 한번 자리 잡으면 스스로 동력을 만들어(자가발전) 폭발적으로 "
    "커지기 때문",
    "ko.extra": "필자는 이것이 자기만의 생각은 아닐 것이라고 덧붙인다. 넘사벽은 에세이 제목의 "
    "첫 단어다.",
}
LONG_DECK = 'name = "Long"\n[[notes]]\nid = "long/moat"\nkind = "basic"\n' + "".join(
    f"{key} = {json.dumps(text, ensure_ascii=False)}\n" for key, text in LONG_FACES.items()
)


@pytest.mark.parametrize("language", ["en", "ko", "both"])
@pytest.mark.parametrize("size", SIZES)
async def test_the_keys_reach_the_end_of_a_long_answer(
    tmp_path: Path, size: tuple[int, int], language: LanguageChoice
) -> None:
    deck = tmp_path / "long.toml"
    deck.write_text(LONG_DECK, encoding="utf-8")

    with Store.open(tmp_path / "c.sqlite3", Limits()) as store:
        app = build_app(store, [deck], settings=Settings(language=language))
        async with piloted(app, size) as pilot:
            await pilot.press("space")
            await pilot.pause()
            screens = await pages(pilot)
    extra = "넘사벽은 에세이 제목의 첫 단어다." if language == "ko" else "the essay's title."
    assert reads_in_order(extra, screens[-1]), screens

"""Browse's list at any width: columns cut on purpose (never mid-word), cloze siblings told
apart, more of the question on a wide screen, and sorting by a column with a key."""

from __future__ import annotations

from pathlib import Path

from cards.store.store import Store
from tests.sql import run_sql
from tests.tui.conftest import NOW, TODAY, build_app, piloted, screen_text, synced, until
from tui.app.screens.browse import BrowseScreen

CLOZE = """name = "Flywheel"
[[notes]]
id = "fly/loop"
kind = "cloze"
en.text = "Each part of the loop feeds the next: {{c1::lower prices}} bring {{c2::more customers}}."
[[notes]]
id = "fly/long"
en.front = "Which of the parts of the flywheel that Bezos drew on a napkin comes first, and why?"
en.back = "Customer experience."
[[notes]]
id = "fly/한국"
en.front = "경쟁사보다 고객에 집착하는 것이 아마존의 첫 번째 원칙이다"
en.back = "Customer obsession."
"""


async def browse_text(
    store: Store, files: list[Path], size: tuple[int, int], keys: str = ""
) -> str:
    """The screen once browse lists every card, after `keys` (each one a key name)."""
    app = build_app(store, files, start="home")
    async with piloted(app, size) as pilot:
        app.push_screen(BrowseScreen(app.services))
        await synced(pilot)
        screen = app.screen

        def listed() -> bool:
            """the count in the title"""
            return " of " in str(screen.sub_title)

        await until(pilot, listed)
        for key in keys.split():
            await pilot.press(key)
            await synced(pilot)
        return screen_text(app)


def flywheel_store(tmp_path: Path) -> tuple[Store, list[Path]]:
    deck = tmp_path / "flywheel.toml"
    deck.write_text(CLOZE, encoding="utf-8")
    store = Store.open(tmp_path / "fly.sqlite3")
    store.sync([deck])
    return store, [deck]


async def test_cloze_siblings_show_which_deletion_each_asks(tmp_path: Path) -> None:
    store, files = flywheel_store(tmp_path)
    with store:
        shown = await browse_text(store, files, (80, 24))
    rows = [line for line in shown.splitlines() if "loop" in line or "[" in line]
    first = next(line for line in rows if "[lower prices]" in line)
    second = next(line for line in rows if "[more customers]" in line)
    assert first != second


async def test_a_wide_screen_shows_the_whole_question(tmp_path: Path) -> None:
    store, files = flywheel_store(tmp_path)
    with store:
        wide = await browse_text(store, files, (160, 30))
        narrow = await browse_text(store, files, (80, 24))
    question = (
        "Which of the parts of the flywheel that Bezos drew on a napkin comes first, and why?"
    )
    assert question in wide
    assert question not in narrow
    assert "Which of the parts" in narrow


async def test_at_60_columns_due_interval_and_flags_are_whole(
    small_store: Store, deck_file: Path
) -> None:
    small_store.answer("test/capital#fwd", 4, TODAY, NOW)
    small_store.set_suspended("test/capital#fwd", True, TODAY)
    small_store.bury("test/pair#rev", TODAY)
    shown = await browse_text(small_store, [deck_file], (60, 20))
    capital = next(line for line in shown.splitlines() if "capital" in line.casefold())
    assert "2026-01-16" in capital  # due tomorrow: the whole date
    assert "1d" in capital
    assert "susp" in capital
    assert "buried" in shown
    assert all(len(line.rstrip()) <= 60 for line in shown.splitlines())


async def test_o_sorts_by_due_then_interval_and_shift_o_reverses(
    small_store: Store, deck_file: Path
) -> None:
    schedules = {"test/capital#fwd": ("2026-01-20", 5), "test/pair#rev": ("2026-01-16", 30)}
    schedules["test/cloze#c2"] = ("2026-02-01", 1)
    for card_id, (due, interval) in schedules.items():
        run_sql(
            small_store,
            "UPDATE card SET reviews = 1, due = ?, interval = ? WHERE id = ?",
            (due, interval, card_id),
        )

    async def order(keys: str) -> list[str]:
        shown = await browse_text(small_store, [deck_file], (100, 30), keys)
        marks = {"Capital of": "K", "flywheel": "F", "momentum": "R", "[1994]": "1"}
        marks["[$300,000]"] = "2"
        return [name for line in shown.splitlines() for mark, name in marks.items() if mark in line]

    assert await order("") == ["K", "F", "R", "1", "2"]
    assert await order("o") == ["R", "K", "2", "F", "1"]  # never seen: last
    assert await order("o O") == ["2", "K", "R", "F", "1"]
    assert await order("o o") == ["F", "1", "2", "K", "R"]


async def test_the_sorted_column_is_marked_in_the_header(
    small_store: Store, deck_file: Path
) -> None:
    assert "due ▲" in await browse_text(small_store, [deck_file], (100, 30), "o")
    assert "due ▼" in await browse_text(small_store, [deck_file], (100, 30), "o O")
    shown = await browse_text(small_store, [deck_file], (60, 20), "o o o o")
    assert "lapses ▲" in shown or "lap ▲" in shown

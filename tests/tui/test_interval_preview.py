"""After the reveal, the grade bar shows what each grade would schedule."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from cards.schedule.answering import Schedule
from cards.schedule.preview import interval_text, next_intervals
from cards.schedule.sm2 import SM2State
from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, piloted
from tui.app.screens.review import ReviewScreen


def test_next_intervals_follow_sm2() -> None:
    seen_twice = Schedule(SM2State(2, 250, 6, TODAY), reviews=2)
    assert next_intervals(seen_twice, TODAY, drill=False) == {
        0: 1, 1: 1, 2: 1, 3: 15, 4: 15, 5: 15,
    }  # fmt: skip
    assert next_intervals(Schedule(SM2State()), TODAY, drill=False)[4] == 1
    assert set(next_intervals(seen_twice, TODAY, drill=True).values()) == {None}
    assert [interval_text(days) for days in (1, 59, 90, 400, None)] == [
        "1 d", "59 d", "3.0 mo", "1.1 y", "no change",
    ]  # fmt: skip


def grade_texts(screen: ReviewScreen) -> list[str]:
    return [str(screen.query_one(f"#grade-{grade}", Static).render()) for grade in range(6)]


async def test_the_grade_bar_shows_each_grades_interval(
    small_store: Store, deck_file: Path
) -> None:
    for back in (2, 1):  # two good answers: interval 6, due today after four days off
        day = TODAY - timedelta(days=6 + back)
        small_store.answer("test/capital#fwd", 4, day, NOW - timedelta(days=6 + back))

    app = build_app(small_store, [deck_file])
    async with piloted(app, size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None
        assert screen.session.current.card_id == "test/capital#fwd"
        await pilot.press("space")
        texts = grade_texts(screen)
        assert texts[0] == "0 blackout\n1 d"
        assert texts[4] == "4 good\n15 d"
        assert texts[5] == "5 perfect\n15 d"
        await pilot.press("1")  # drilled today: its answers change nothing
        await pilot.pause()
        while screen.session.current and screen.session.current.kind != "drill":
            await pilot.press("space", "5")
            await pilot.pause()
        await pilot.press("space")
        assert set(grade_texts(screen)) >= {"4 good\nno change"}

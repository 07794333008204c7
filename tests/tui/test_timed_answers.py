"""The review screen times each question until its grade; the stats screen shows the time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, piloted
from tui.app.app import make_app
from tui.app.screens.review import ReviewScreen
from tui.app.screens.stats import StatsScreen


class SteppedClock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def test_each_answer_logs_its_seconds_capped_and_stats_show_them(
    small_store: Store, deck_file: Path
) -> None:
    clock = SteppedClock()

    app = make_app(
        small_store,
        today=TODAY,
        clock=clock,
        settings=Settings(),
        deck_files=lambda: [deck_file],
        environ={},
        start="review",
    )
    async with piloted(app, size=(110, 40)) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        clock.advance(5)
        await pilot.press("space")
        clock.advance(3.25)
        await pilot.press("2")  # 8.25 s from question to grade; drilled later
        await pilot.pause()
        clock.advance(400)  # left on screen: counts as the cap
        await pilot.press("space", "4")
        await pilot.pause()
        clock.advance(2)
        await pilot.press("space", "5")
        await pilot.pause()
        history = small_store.history("test/capital#fwd")
        assert [entry.seconds for entry in history] == [8.2]
        assert [entry.seconds for entry in small_store.history("test/pair#fwd")] == [60.0]
        assert [entry.seconds for entry in small_store.history("test/cloze#c1")] == [2.0]
        app.action_open_stats()
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert stats.stats.study_seconds_today == 70.2
        assert stats.stats.seconds_by_day[-1] == 70.2
        text = str(stats.query_one("#stats-counts", Static).render())
        assert "Time answering today: 1 min 10 s" in text
        assert "Seconds per card (median, 30 days): 8.2" in text
        assert stats.query_one("#time-chart") is not None

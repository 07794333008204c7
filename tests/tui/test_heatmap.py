"""The calendar shows the most recent weeks that fit, and its caption counts only those."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import App, ComposeResult

from tui.app.widgets.heatmap import CalendarHeatmap

TODAY = date(2026, 1, 15)


class HeatmapApp(App[None]):
    def __init__(self, calendar: dict[date, int]) -> None:
        super().__init__()
        self.calendar = calendar

    def compose(self) -> ComposeResult:
        yield CalendarHeatmap(self.calendar, TODAY)


async def rendered(width: int, calendar: dict[date, int]) -> list[str]:
    app = HeatmapApp(calendar)
    async with app.run_test(size=(width, 15)) as pilot:
        await pilot.pause()
        return str(app.query_one(CalendarHeatmap).render()).splitlines()


async def test_a_narrow_calendar_keeps_the_recent_weeks_and_counts_only_them() -> None:
    calendar = {TODAY: 3, TODAY - timedelta(days=1): 1, TODAY - timedelta(days=300): 7}
    lines = await rendered(40, calendar)
    assert lines[0] == "Answers per day, the last 36 weeks"
    assert lines[-1].strip() == "4 answers on 2 days"
    assert all(len(line) <= 40 for line in lines)


async def test_a_wide_calendar_shows_the_year() -> None:
    lines = await rendered(100, {TODAY: 1, TODAY - timedelta(days=300): 1})
    assert lines[0] == "Answers per day, the last 53 weeks"
    assert lines[-1].strip() == "2 answers on 2 days"

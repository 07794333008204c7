"""A year of reviews as a calendar: one cell a day, one column a week, darker for more."""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from cards.plural import counted

WEEKS = 53
_DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")
_SHADES = ("$panel-lighten-2", "$success 30%", "$success 55%", "$success 80%", "$success")


def shade(count: int, top: int) -> int:
    """0 for no reviews, else 1 to 4 by quarter of the busiest day."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


class CalendarHeatmap(Widget):
    """Draws `calendar` (day -> answers) for the weeks ending with `today`'s week: 53 where they
    fit, else as many of the most recent weeks as the width allows."""

    DEFAULT_CSS = """
    CalendarHeatmap { height: 11; width: auto; }
    """

    def __init__(self, calendar: dict[date, int], today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.calendar = calendar
        self.today = today

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return min(4 + WEEKS, container.width)

    def render(self) -> Content:
        weeks = max(1, min(WEEKS, self.size.width - 4))
        first = self.today - timedelta(days=self.today.weekday() + 7 * (weeks - 1))
        shown = {day: count for day, count in self.calendar.items() if first <= day <= self.today}
        top = max(shown.values(), default=0)
        months = [" "] * weeks
        for week in range(weeks):
            monday = first + timedelta(days=7 * week)
            if monday.day <= 7 and week <= weeks - 3:
                label = f"{monday:%b}"
                months[week : week + 3] = list(label)
        lines: list[Content] = [
            Content.from_markup(f"[b]Answers per day, the last {counted(weeks, 'week')}[/b]"),
            Content("    " + "".join(months)[:weeks]),
        ]
        for weekday in range(7):
            parts: list[tuple[str, str] | str] = [f"{_DAY_NAMES[weekday]:<4}"]
            for week in range(weeks):
                day = first + timedelta(days=7 * week + weekday)
                if day > self.today:
                    parts.append(" ")
                    continue
                level = shade(shown.get(day, 0), top)
                parts.append((" ", f"on {_SHADES[level]}"))
            lines.append(Content.assemble(*parts))
        total = sum(shown.values())
        active = sum(1 for count in shown.values() if count)
        lines.append(Content(f"    {counted(total, 'answer')} on {counted(active, 'day')}"))
        return Content("\n").join(lines)

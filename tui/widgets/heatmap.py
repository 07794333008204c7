"""A year of reviews as a calendar: one cell a day, one column a week, darker for more."""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content
from textual.widget import Widget

WEEKS = 53
_DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")
_SHADES = ("$panel-lighten-2", "$success 30%", "$success 55%", "$success 80%", "$success")


def shade(count: int, top: int) -> int:
    """0 for no reviews, else 1 to 4 by quarter of the busiest day."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


class CalendarHeatmap(Widget):
    """Draws `calendar` (day -> answers) for the 53 weeks ending with `today`'s week."""

    DEFAULT_CSS = """
    CalendarHeatmap { height: 11; width: auto; }
    """

    def __init__(self, calendar: dict[date, int], today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.calendar = calendar
        self.today = today

    def get_content_width(self, container: object, viewport: object) -> int:
        return 4 + WEEKS

    def render(self) -> Content:
        first = self.today - timedelta(days=self.today.weekday() + 7 * (WEEKS - 1))
        top = max(self.calendar.values(), default=0)
        months = [" "] * WEEKS
        for week in range(WEEKS):
            monday = first + timedelta(days=7 * week)
            if monday.day <= 7 and week <= WEEKS - 3:
                label = f"{monday:%b}"
                months[week : week + 3] = list(label)
        lines: list[Content] = [
            Content.from_markup("[b]Answers per day, the last 53 weeks[/b]"),
            Content("    " + "".join(months)[:WEEKS]),
        ]
        for weekday in range(7):
            parts: list[tuple[str, str] | str] = [f"{_DAY_NAMES[weekday]:<4}"]
            for week in range(WEEKS):
                day = first + timedelta(days=7 * week + weekday)
                if day > self.today:
                    parts.append(" ")
                    continue
                level = shade(self.calendar.get(day, 0), top)
                parts.append((" ", f"on {_SHADES[level]}"))
            lines.append(Content.assemble(*parts))
        total = sum(self.calendar.values())
        active = sum(1 for count in self.calendar.values() if count)
        lines.append(Content(f"    {total} answers on {active} days in the last year"))
        return Content("\n").join(lines)

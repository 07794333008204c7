"""The home screen's forecast: the next seven days by name with the cards due on each, the
month's total beside them, and the month's busiest day in words.

A sparkline of thirty bars gave the shape of the month but no day and no figure a reader could
act on ("will tomorrow be heavy?"); a labelled week answers that and fits 60 columns.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

from cards.plural import counted

SHOWN_DAYS = 7
_DAY = 6  # cells a day's column takes: its name or count right-aligned, after a gap
_TOTAL = 9


def day_names(today: date) -> list[str]:
    """`today` then the next six days' short names (`Mon`), which are all different."""
    return ["today"] + [f"{today + timedelta(days=offset):%a}" for offset in range(1, SHOWN_DAYS)]


def week_table(days: list[int], today: date) -> Text:
    """Two lines: the days' names over their counts (zeros dimmed), then the month's total."""
    text = Text(f"{'Due':<4}", "bold")
    for name in day_names(today):
        text.append(f"{name:>{_DAY}}", "dim" if name != "today" else "bold")
    text.append(f"{f'{len(days)} days':>{_TOTAL}}", "dim")
    text.append("\n    ")
    for count in days[:SHOWN_DAYS]:
        text.append(f"{count:>{_DAY}}", "bold" if count else "dim")
    text.append(f"{sum(days):>{_TOTAL}}", "bold")
    return text


def busiest_day(days: list[int], today: date) -> str:
    """The month's busiest day and its count in a sentence (the first of equals)."""
    peak = max(days, default=0)
    if peak == 0:
        return f"No reviews fall due in the next {len(days)} days."
    day = today + timedelta(days=days.index(peak))
    when = "today" if day == today else f"{day:%a} {day.day} {day:%b}"
    return f"Busiest day of the next {len(days)}: {when}, {counted(peak, 'card')}."


class WeekAhead(Static):
    """The forecast as a labelled week; `show` redraws it from the store's per-day counts."""

    def show(self, days: list[int], today: date) -> None:
        text = week_table(days, today)
        text.append("\n")
        text.append(busiest_day(days, today), "dim")
        self.update(text)

"""The stats screen: forecast, a year's calendar, easiness, weekly retention and card maturity.

Every figure comes from `cards.stats.collect_stats`, the same numbers as `flywheel stats --json`.
"""

from __future__ import annotations

from collections import Counter
from math import floor
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from cards.stats import YOUNG_DAYS, Stats
from tui.services import Services
from tui.widgets.charts import BarChart, LineChart
from tui.widgets.footer import AppFooter
from tui.widgets.heatmap import CalendarHeatmap


def easiness_bins(easiness: dict[float, int]) -> tuple[list[str], list[int]]:
    """Cards per easiness band of 0.1 (1.3 is SM-2's floor, 2.5 a new card's start)."""
    bins: Counter[int] = Counter()
    for value, count in easiness.items():
        bins[floor(round(value * 10, 6))] += count
    if not bins:
        return [], []
    first, last = min(13, *bins), max(25, *bins)
    tenths = range(first, last + 1)
    return [f"{tenth / 10:.1f}" for tenth in tenths], [bins[tenth] for tenth in tenths]


def counts_text(stats: Stats) -> str:
    maturity = stats.maturity
    retention = "-" if stats.retention_30d is None else f"{stats.retention_30d:.0%}"
    return (
        f"Today ({stats.today:%a} {stats.today.day} {stats.today:%b}): [b]{stats.due}[/b] due, "
        f"[b]{stats.new}[/b] new, [b]{stats.drill}[/b] drill.   "
        f"Answers logged: [b]{stats.reviews}[/b].   Retention over 30 days: [b]{retention}[/b]\n"
        f"Cards: [$text-primary b]{maturity.get('new', 0)}[/] new, "
        f"[$text-warning b]{maturity.get('young', 0)}[/] young (interval < {YOUNG_DAYS} d), "
        f"[$text-success b]{maturity.get('mature', 0)}[/] mature, "
        f"[$text-error b]{maturity.get('suspended', 0)}[/] suspended"
    )


class StatsScreen(Screen[None]):
    """Read-only figures; leave with q or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "back", "Back", id="back")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.stats = services.store.stats(services.today)

    def compose(self) -> ComposeResult:
        stats = self.stats
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static(counts_text(stats), id="stats-counts")
            with Horizontal(classes="chart-row"):
                yield BarChart(
                    "Due in the next 30 days",
                    [str(day) for day in range(len(stats.forecast))],
                    stats.forecast,
                    xlabel="days from today",
                    id="forecast-chart",
                )
                labels, values = easiness_bins(stats.easiness)
                yield BarChart("Easiness of seen cards", labels, values, id="easiness-chart")
            with Horizontal(classes="chart-row"):
                yield LineChart(
                    "Retention per week (%)",
                    [f"{start:%m-%d}" for start, _ in stats.retention_by_week],
                    [round(value * 100, 1) for _, value in stats.retention_by_week],
                    ylim=(0, 100),
                    id="retention-chart",
                )
                yield CalendarHeatmap(stats.calendar, stats.today, id="calendar")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = "Statistics"
        self.sub_title = f"study day {self.stats.today.isoformat()}"

    def action_back(self) -> None:
        self.dismiss()

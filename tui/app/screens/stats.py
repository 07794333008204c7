"""The stats screen: forecast, a year's calendar, easiness, weekly retention and card maturity,
and how well SM-2 and FSRS forecast the user's recall.

Every figure comes from `cards.store.stats.collect_stats`, the same numbers as `flywheel stats
--json`, read in a thread worker: the screen opens at once and the charts follow. The calibration
chart (`cards.compare`, as `flywheel compare`) has its own worker, since it replays the whole log.
"""

from __future__ import annotations

from collections import Counter
from math import floor
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from cards.store.session import format_duration
from cards.store.stats import YOUNG_DAYS, Stats
from tui.app.widgets.charts import BarChart, CalibrationChart, LineChart
from tui.app.widgets.footer import AppFooter
from tui.app.widgets.heatmap import CalendarHeatmap
from tui.services import Services

if TYPE_CHECKING:  # the models (py-fsrs, fsrs-rs) load in the chart's worker, not on opening
    from cards.compare.comparison import Calibration, TooLittle


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
    seconds = stats.median_answer_seconds
    median = "-" if seconds is None else f"{seconds:.1f}"
    return (
        f"Today ({stats.today:%a} {stats.today.day} {stats.today:%b}): [b]{stats.due}[/b] due, "
        f"[b]{stats.new}[/b] new, [b]{stats.drill}[/b] drill; "
        f"[b]{stats.answers_today}[/b] answered.   "
        f"Answers in all: [b]{stats.reviews}[/b].   Retention over 30 days: [b]{retention}[/b]\n"
        f"Cards: [$text-primary b]{maturity.get('new', 0)}[/] new, "
        f"[$text-warning b]{maturity.get('young', 0)}[/] young (interval < {YOUNG_DAYS} d), "
        f"[$text-success b]{maturity.get('mature', 0)}[/] mature, "
        f"[$text-error b]{maturity.get('suspended', 0)}[/] suspended\n"
        f"Time answering today: [b]{format_duration(stats.study_seconds_today)}[/].   "
        f"Seconds per card (median, 30 days): [b]{median}[/]"
    )


def calibration_chart(result: Calibration | TooLittle) -> CalibrationChart:
    """The chart of each model's forecast against recall, or why there is none yet."""
    from cards.compare.comparison import TooLittle

    if isinstance(result, TooLittle):
        message = (
            f"SM-2 against FSRS:\n{result.needed} reviews on later days needed, "
            f"{result.reviews} so far"
        )
        return CalibrationChart([], message, id="calibration-chart")
    lines = [
        (name, [(forecast, actual) for forecast, actual, _ in points])
        for name, points in result.items()
    ]
    return CalibrationChart(lines, id="calibration-chart")


class StatsScreen(Screen[None]):
    """Read-only figures; leave with q or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "back", "Back", id="back")]

    class Loaded(Message):
        """The figures were read (in a thread worker), ready to draw."""

        def __init__(self, stats: Stats) -> None:
            super().__init__()
            self.stats = stats

    class ComparisonRead(Message):
        """SM-2 and FSRS were scored on the history (in a thread worker), or could not be."""

        def __init__(self, result: Calibration | TooLittle | str) -> None:
            super().__init__()
            self.result = result

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.stats: Stats | None = None
        self.compared: Calibration | TooLittle | str | None = None
        self._counting: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("Counting...", id="stats-counts")
            yield Horizontal(
                Static("Comparing SM-2 and FSRS on your reviews...", id="calibration-pending"),
                id="calibration-row",
                classes="chart-row",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = "Statistics"
        self.sub_title = f"study day {self.services.today.isoformat()}"
        self._counting = self.run_worker(self._load, thread=True, exit_on_error=False)
        self.run_worker(self._compare, thread=True, exit_on_error=False)

    def _load(self) -> None:
        self.post_message(self.Loaded(self.services.store.stats(self.services.today)))

    @on(Worker.StateChanged)
    def _load_failed(self, event: Worker.StateChanged) -> None:
        """Figures that cannot be read (a damaged value, say) are replaced by the reason."""
        if event.worker is self._counting and event.state is WorkerState.ERROR:
            message = Text(f"Cannot count: {event.worker.error}")
            self.query_one("#stats-counts", Static).update(message)

    def _compare(self) -> None:
        try:
            result: Calibration | TooLittle | str = self.services.store.calibration()
        except Exception as error:  # one chart's message: the other figures stand
            result = f"SM-2 against FSRS: not available ({error})"
        self.post_message(self.ComparisonRead(result))

    async def on_stats_screen_loaded(self, message: Loaded) -> None:
        self.stats = stats = message.stats
        body = self.query_one("#stats-body", VerticalScroll)
        self.query_one("#stats-counts", Static).update(counts_text(stats))
        await body.mount_all(self._charts(stats), before="#calibration-row")

    async def on_stats_screen_comparison_read(self, message: ComparisonRead) -> None:
        result = message.result
        chart = (
            CalibrationChart([], result, id="calibration-chart")
            if isinstance(result, str)
            else calibration_chart(result)
        )
        row = self.query_one("#calibration-row", Horizontal)
        await row.remove_children()
        await row.mount(chart)
        self.compared = result

    def _charts(self, stats: Stats) -> list[Widget]:
        labels, values = easiness_bins(stats.easiness)
        days = len(stats.seconds_by_day)
        return [
            Horizontal(
                BarChart(
                    "Due in the next 30 days",
                    [str(day) for day in range(len(stats.forecast))],
                    stats.forecast,
                    xlabel="days from today",
                    id="forecast-chart",
                ),
                BarChart("Easiness of seen cards", labels, values, id="easiness-chart"),
                classes="chart-row",
            ),
            Horizontal(
                LineChart(
                    "Retention per week (%)",
                    [f"{start:%m-%d}" for start, _ in stats.retention_by_week],
                    [round(value * 100, 1) for _, value in stats.retention_by_week],
                    ylim=(0, 100),
                    id="retention-chart",
                ),
                CalendarHeatmap(stats.calendar, stats.today, id="calendar"),
                classes="chart-row",
            ),
            Horizontal(
                BarChart(
                    "Minutes spent answering, last 30 days",
                    [str(offset - days + 1) for offset in range(days)],
                    [round(seconds / 60, 1) for seconds in stats.seconds_by_day],
                    xlabel="days from today",
                    id="time-chart",
                ),
                classes="chart-row",
            ),
        ]

    def action_back(self) -> None:
        self.dismiss()

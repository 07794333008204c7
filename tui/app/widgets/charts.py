"""Bar and line charts of the stats screen, drawn with plotext inside Textual."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual_plotext import PlotextPlot

MAX_TICKS = 10


_LINE_STEP = 0.15
"""The height of a message line in the empty frame's units (0 to 1): a row of a short chart."""


def _empty(plt: Any, message: str) -> None:
    """A frame with a message in the middle and no meaningless ticks; each line of the message
    is drawn apart, since the frame clips rather than wraps a line wider than itself."""
    lines = message.split("\n")
    top = 0.5 + (len(lines) - 1) * _LINE_STEP / 2
    for number, line in enumerate(lines):
        plt.text(line, x=0.5, y=top - number * _LINE_STEP, alignment="center")
    plt.xlim(0, 1)
    plt.ylim(0, 1)
    plt.xticks([])
    plt.yticks([])


class _Chart(PlotextPlot):
    """A titled series of `values` over `labels`; subclasses draw it on mount."""

    def __init__(
        self, title: str, labels: Sequence[str], values: Sequence[float], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.chart_title = title
        self.labels = list(labels)
        self.values = list(values)


class BarChart(_Chart):
    """Vertical bars of `values` over `labels`, with a title; redrawn on every resize."""

    def __init__(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float],
        *,
        xlabel: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(title, labels, values, id=id)
        self.xlabel = xlabel

    def on_mount(self) -> None:
        plt = self.plt
        plt.title(self.chart_title)
        if self.values and any(self.values):
            # Numeric positions with explicit ticks: plotext's own placement of string labels
            # varies from one process to the next, which would make snapshots flaky.
            positions = [float(x) for x in range(len(self.values))]
            plt.bar(positions, self.values, marker="hd")
            step = max(1, -(-len(positions) // MAX_TICKS))
            plt.xticks(positions[::step], self.labels[::step])
            top = max(self.values)
            rise = max(1, -(-int(top) // 5))  # counts are whole: whole ticks, about five
            plt.yticks([float(y) for y in range(0, int(top) + rise, rise)])
        else:
            _empty(plt, "no data yet")
        if self.xlabel:
            plt.xlabel(self.xlabel)


class LineChart(_Chart):
    """A line over dated points, e.g. weekly retention in percent."""

    def __init__(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float],
        *,
        ylim: tuple[float, float] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(title, labels, values, id=id)
        self.limits = ylim

    def on_mount(self) -> None:
        plt = self.plt
        plt.title(self.chart_title)
        if self.values:
            positions = [float(x) for x in range(len(self.values))]
            plt.plot(positions, self.values, marker="braille")
            step = max(1, -(-len(positions) // (MAX_TICKS // 2)))
            plt.xticks(positions[::step], self.labels[::step])
            if self.limits:
                plt.ylim(*self.limits)
        else:
            _empty(plt, "no reviews of seen cards yet")


class CalibrationChart(PlotextPlot):
    """Forecast against recall, one line per model, beside the diagonal a calibrated model
    would follow; or a message saying why there is nothing to draw yet."""

    def __init__(
        self,
        lines: Sequence[tuple[str, Sequence[tuple[float, float]]]],
        message: str = "",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.lines = [(name, list(points)) for name, points in lines]
        self.message = message

    def on_mount(self) -> None:
        plt = self.plt
        # A title wider than the chart is not drawn at all: this one fits a 60-column terminal.
        plt.title("Forecast recall against actual (%), later half")
        if not self.lines:
            _empty(plt, self.message or "no data yet")
            return
        plt.plot([0.0, 100.0], [0.0, 100.0], color="gray", label="calibrated")
        for name, points in self.lines:
            xs = [round(forecast * 100, 1) for forecast, _ in points]
            ys = [round(actual * 100, 1) for _, actual in points]
            plt.plot(xs, ys, marker="braille", label=name)
        plt.xlim(0, 100)
        plt.ylim(0, 100)
        plt.xlabel("forecast")

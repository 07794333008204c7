"""Progress through today's queue: done against done + left, drill included.

One widget draws the whole line (the count, the bar and the kinds left), as Textual's label,
progress bar and label beside it would: three widgets and the bar's own laid out apart cost a
layout and four renders at every card, and the progress bar redraws itself every second.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.renderables.bar import Bar
from textual.widget import Widget

from cards.schedule.queue import QueueItem

COUNT_WIDTH = 18
"""The count's least width, so the bar does not move as the numbers grow."""
GAP = 1
"""Columns between the count, the bar and the kinds."""


class ReviewProgress(Widget):
    """A count, a bar and the kinds left. The total grows when a failed card joins the drill."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"review-progress--bar", "review-progress--complete"}
    DEFAULT_CSS = """
    ReviewProgress {
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .review-progress--bar { color: $primary; background: $surface; }
        & > .review-progress--complete { color: $success; background: $surface; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._done = 0
        self._kinds: Counter[str] = Counter()
        self._left = 0

    def show(self, done: int, queue: list[QueueItem]) -> None:
        kinds: Counter[str] = Counter(item.kind for item in queue)
        if (done, len(queue), kinds) != (self._done, self._left, self._kinds):
            self._done, self._left, self._kinds = done, len(queue), kinds
            self.refresh()

    def render(self) -> Content:
        count = Content(f"{self._done} done · {self._left} left")
        kinds = self._kinds
        left_kinds = Content.from_markup(
            f"[$text-primary]{kinds['new']} new[/]  [$text-success]{kinds['review']} due[/]  "
            f"[$text-error]{kinds['drill']} drill[/]"
        )
        count_width = max(COUNT_WIDTH, count.cell_length)
        bar_width = max(0, self.size.width - count_width - left_kinds.cell_length - 2 * GAP)
        return Content.assemble(
            count.pad_right(count_width - count.cell_length + GAP),
            self._bar(bar_width),
            Content(" " * GAP),
            left_kinds,
        )

    def _bar(self, width: int) -> Content:
        """The bar as Textual's progress bar draws it: filled to the half cell below the share
        done, in the complete style once nothing is left."""
        if not width:
            return Content("")
        total = max(1, self._done + self._left)
        share = min(1.0, self._done / total)
        share = int(share * width * 2) / (width * 2)
        component = "review-progress--bar" if share < 1 else "review-progress--complete"
        style = self.get_component_rich_style(component)
        bar = Bar(
            highlight_range=(0, width * share),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
            width=width,
        )
        console = self.app.console
        text = Text("", end="")
        for part in bar.__rich_console__(console, console.options.update_width(width)):
            if isinstance(part, Text):
                text.append_text(part)
        return Content.from_rich_text(text, console)

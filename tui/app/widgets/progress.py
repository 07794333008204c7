"""Progress through today's queue: done against done + left, drill included."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from cards.schedule.queue import QueueItem
from tui.app.widgets.rewrite import rewrite


class ReviewProgress(Horizontal):
    """A bar and a count. The total grows when a failed card joins the drill."""

    def compose(self) -> ComposeResult:
        yield Label(id="progress-count")
        yield ProgressBar(id="progress-bar", show_eta=False, show_percentage=False)
        yield Label(id="progress-kinds")

    def show(self, done: int, queue: list[QueueItem]) -> None:
        left = len(queue)
        kinds = Counter(item.kind for item in queue)
        rewrite(self.query_one("#progress-count", Label), f"{done} done · {left} left")
        self.query_one("#progress-bar", ProgressBar).update(
            total=max(1, done + left), progress=done
        )
        rewrite(
            self.query_one("#progress-kinds", Label),
            f"[$text-primary]{kinds['new']} new[/]  [$text-success]{kinds['review']} due[/]  "
            f"[$text-error]{kinds['drill']} drill[/]",
        )

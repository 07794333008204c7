"""The lines under the card: how to reveal, then the six grades, each with the interval it would
schedule under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from cards.schedule.sm2 import Grade
from tui.app.widgets.rewrite import rewrite

GRADE_CLASSES = {0: "fail", 1: "fail", 2: "fail", 3: "hard", 4: "pass", 5: "pass"}


class GradeBar(Horizontal):
    """Before the reveal: a prompt. After it: `0 blackout ... 5 perfect`, each one clickable."""

    def compose(self) -> ComposeResult:
        yield Static(id="grade-prompt")
        for grade in Grade:
            yield Static(
                f"[@click=screen.grade({grade.value})]{grade.label}[/]",
                classes=f"grade {GRADE_CLASSES[grade]}",
                id=f"grade-{grade.value}",
            )

    def show_prompt(self, reveal_keys: str) -> None:
        self._show_grades(False)
        rewrite(
            self.query_one("#grade-prompt", Static),
            f"Recall the answer, then press [b]{reveal_keys}[/b] to reveal it",
        )

    def show_busy(self, text: str) -> None:
        """A note in place of the prompt while keys wait (e.g. the deck files reloading)."""
        self._show_grades(False)
        rewrite(self.query_one("#grade-prompt", Static), text)

    def show_grades(self, previews: dict[int, str] | None = None) -> None:
        """The grades, each with what it would schedule under it when `previews` is given."""
        self._show_grades(True)
        for grade in Grade:
            preview = (previews or {}).get(grade.value)
            label = f"[@click=screen.grade({grade.value})]{grade.label}[/]"
            if preview:
                label += f"\n[$text-muted]{preview}[/]"
            rewrite(self.query_one(f"#grade-{grade.value}", Static), label)

    def _show_grades(self, shown: bool) -> None:
        """The grades or the prompt, by each one's own `display` (a class on the bar would
        restyle all seven)."""
        self.query_one("#grade-prompt").display = not shown
        for grade in Grade:
            self.query_one(f"#grade-{grade.value}").display = shown

"""The end of a sitting: what was done and when the next cards come, or a friendly empty day."""

from __future__ import annotations

import shlex
from datetime import date, timedelta

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from cards.plural import counted
from cards.schedule.sm2 import Grade
from cards.store.session import Summary, format_duration
from tui.app.widgets.grade_bar import GRADE_CLASSES
from tui.app.widgets.week_ahead import WeekAhead

_BAR = "█"
_STYLES = {"fail": "$text-error", "hard": "$text-warning", "pass": "$text-success"}


def when(today: date, offset: int) -> str:
    """'tomorrow', 'in 3 days (Sun 18 Jan)'."""
    if offset == 1:
        return "tomorrow"
    day = today + timedelta(days=offset)
    return f"in {offset} days ({day:%a} {day.day} {day:%b})"


def next_due_line(today: date, summary: Summary) -> str:
    nxt = summary.next_due
    if nxt is None:  # the week ahead below says that no reviews fall due
        return "New cards arrive each study day."
    offset, count = nxt
    total = sum(summary.forecast[1:])
    return f"Next: {counted(count, 'card')} {when(today, offset)}; {total} over the next 30 days."


def elsewhere_line(elsewhere: dict[str, int], shown: int = 3) -> str | None:
    """'5 cards are due today in other decks (Geo 3, Words 2): flywheel review --deck Geo, or
    choose one on the home screen.' None when no other deck has any."""
    if not elsewhere:
        return None
    total = sum(elsewhere.values())
    decks = [f"{escape(deck)} {count}" for deck, count in list(elsewhere.items())[:shown]]
    more = ", ..." if len(elsewhere) > shown else ""
    verb = "is" if total == 1 else "are"
    first = escape(shlex.quote(next(iter(elsewhere))))
    return (
        f"{counted(total, 'card')} {verb} due today in other decks ({', '.join(decks)}{more}): "
        f"flywheel review --deck {first}, or choose one on the home screen."
    )


def grade_lines(grades: dict[int, int], width: int = 24) -> list[str]:
    top = max(grades.values(), default=0) or 1
    lines = []
    for grade in Grade:
        count = grades.get(grade.value, 0)
        bar = _BAR * (round(count / top * width) if count else 0)
        style = _STYLES[GRADE_CLASSES[grade.value]]
        lines.append(f"  {grade.label:<10} [{style}]{bar}[/] {count}")
    return lines


class SessionSummary(VerticalScroll):
    """Shown when the queue is empty: a summary after work, an empty state before any.

    It scrolls, so a short terminal still reaches the week ahead at its foot."""

    def compose(self) -> ComposeResult:
        yield Label(id="summary-title")
        yield Static(id="summary-body")
        yield WeekAhead(id="summary-forecast")

    def show(self, summary: Summary, today: date, answered_today: int) -> None:
        """Fill in the summary; `answered_today` counts every answer of the study day so far."""
        empty = summary.reviewed == 0
        self.set_class(empty, "-empty")
        title = self.query_one("#summary-title", Label)
        body: list[str]
        if not empty:
            title.update("Session complete: every answer is saved")
            body = [
                f"Reviewed [b]{counted(summary.reviewed, 'card')}[/b] in "
                f"[b]{format_duration(summary.seconds)}[/b] "
                f"([b]{format_duration(summary.answering_seconds)}[/b] answering).",
                "",
                *grade_lines(summary.grades),
                "",
                next_due_line(today, summary),
            ]
        else:
            title.update("Nothing to review right now")
            if answered_today:
                answered = counted(answered_today, "card")
                opening = f"You have answered {answered} this study day. Well done."
            else:
                opening = "No cards are due today. Enjoy the free time."
            body = [opening, "", next_due_line(today, summary)]
        other_decks = elsewhere_line(summary.elsewhere)
        if other_decks:
            body += ["", other_decks]
        self.query_one("#summary-body", Static).update("\n".join(body))
        self.query_one(WeekAhead).show(summary.forecast, today)


async def mounted_summary(screen: Widget, before: Widget) -> SessionSummary:
    """The screen's summary, mounted (above `before`) when first needed rather than composed
    with the screen: a sitting starts with a card, and every widget delays the first paint."""
    found = screen.query(SessionSummary)
    if found:
        return found.first()
    summary = SessionSummary()
    await screen.mount(summary, before=before)
    return summary

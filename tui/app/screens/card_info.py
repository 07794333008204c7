"""Card info (`i` in review and browse): the card's schedule, its full history and its source.

Everything comes from the store: the state, the history, and the note and its deck's source
details (title, author, date) as last synced. Beside SM-2's schedule, FSRS's view of the card
(stability, difficulty, recall today, under parameters fitted to the whole history, the line
saying when only the first-day stabilities could be) is worked out in a thread worker, since
fitting reads every answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from cards.decks.card import SourceDetails
from cards.schedule.answering import LogEntry
from cards.schedule.sm2 import Grade
from tui.safe_text import markup
from tui.services import Services

if TYPE_CHECKING:  # the models (py-fsrs, fsrs-rs) load in the worker, not on opening
    from cards.compare.memory import CardMemory, NotFitted


def deck_source(source: SourceDetails | None) -> str | None:
    """`title, author, outlet, date (kind)` from a deck's `[source]`, if it has one."""
    if source is None:
        return None
    parts = [
        part
        for part in (
            source.get("title"),
            source.get("author"),
            source.get("outlet"),
            source.get("date"),
        )
        if part
    ]
    kind = f" ({source['kind']})" if source.get("kind") else ""
    return (", ".join(parts) + kind) or None


# Short headings (Anki's "ease" for SM-2's easiness) so the six columns fit 60 columns.
HISTORY_COLUMNS = [
    ("day", "day"),
    ("grade", "grade"),
    ("interval", "interval"),
    ("ease", "easiness"),
    ("secs", "seconds"),
    ("", "kind"),
]


def history_row(entry: LogEntry) -> tuple[str, ...]:
    """Day, grade, the interval and easiness it left, the seconds it took, and its kind."""
    seconds = "-" if entry.seconds is None else f"{entry.seconds:.1f}"
    kind = "drill" if entry.drill else ("leech" if entry.made_leech else "")
    return (
        entry.day.isoformat(),
        Grade(entry.grade).label,
        f"{entry.after.interval} d",
        f"{entry.after.easiness:.2f}",
        seconds,
        kind,
    )


def memory_line(memory: CardMemory | NotFitted | None) -> str:
    """FSRS's view of the card, or why there is none."""
    from cards.compare.memory import NotFitted

    if memory is None:
        return "FSRS: not yet answered"
    if isinstance(memory, NotFitted):
        return (
            f"FSRS: fitted after {memory.needed} reviews on later days; "
            f"{memory.reviews} so far (the schedule is SM-2's)"
        )
    fitted = (
        "fitted to your history"
        if memory.fully_fitted
        else "first-day stabilities fitted, the rest defaults"
    )
    return (
        f"FSRS ({fitted}): stability {stability_text(memory.stability)}   "
        f"difficulty {memory.difficulty:.1f}   recall today {memory.recall:.0%}"
    )


def stability_text(days: float) -> str:
    """A stability at a precision that says something: a card failed often can fall to minutes,
    which a tenth of a day would show as 0.0."""
    if days >= 0.1:
        return f"{days:.1f} d"
    minutes = days * 24 * 60
    if minutes >= 59.5:
        return f"{minutes / 60:.1f} h"
    if minutes >= 1:
        return f"{minutes:.0f} min"
    return "< 1 min"


class CardInfoScreen(ModalScreen[None]):
    """One card's facts and every answer it has had; any of escape, q or i closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "close", "Close", id="info-close")
    ]

    class MemoryRead(Message):
        """FSRS's view of the card was worked out (in a thread worker)."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    def __init__(self, services: Services, card_id: str) -> None:
        super().__init__()
        self.services = services
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        # The whole box scrolls (the keys move it), so a short terminal reaches every answer
        # and the hint; the table is as long as the history and takes no keys of its own.
        with VerticalScroll(id="info-box"):
            yield Static(self.summary(), id="info-summary")
            yield Static("FSRS: fitting to your history...", id="info-fsrs")
            yield Label("[b]History[/b]")
            table: DataTable[str] = DataTable(id="info-history", cursor_type="none")
            table.can_focus = False
            for column, key in HISTORY_COLUMNS:
                table.add_column(column, key=key)
            yield table
            yield Label("escape, q or i closes", id="info-hint")

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#info-history", DataTable)
        history = self.services.store.history(self.card_id)
        for entry in history:
            table.add_row(*history_row(entry), key=str(entry.id))
        if not history:
            self.query_one("#info-hint", Label).update("No answers yet. escape, q or i closes")
        self.run_worker(self._read_memory, thread=True, exit_on_error=False)

    def _read_memory(self) -> None:
        services = self.services
        try:
            line = memory_line(services.store.card_memory(self.card_id, services.today))
        except Exception as error:  # a line of text only: the rest of the screen stands
            line = f"FSRS: not available ({error})"
        self.post_message(self.MemoryRead(line))

    def on_card_info_screen_memory_read(self, message: MemoryRead) -> None:
        self.query_one("#info-fsrs", Static).update(escape(message.line))

    def summary(self) -> str:
        store = self.services.store
        card = store.card(self.card_id)
        state = store.state(self.card_id)
        if card is None or state is None:
            return f"[b]{markup(self.card_id)}[/b]: no such card"
        path = store.note_file(card.note_id)
        schedule = state.sm2
        due = schedule.due.isoformat() if schedule.due else "not yet seen"
        flags = [
            name
            for name, on in (
                ("suspended", state.suspended),
                ("leech", state.leech),
                ("inactive", not state.active),
            )
            if on
        ]
        lines = [
            f"[b]{markup(self.card_id)}[/b]   {markup(card.deck)}   {card.kind}",
            f"tags: {markup(' '.join(card.tags) or '-')}   file: {markup(str(path or '-'))}",
            f"due {due}   interval {schedule.interval} d   easiness {schedule.easiness:.2f}   "
            f"reviews {state.reviews}   lapses {state.lapses}"
            + (f"   [$text-warning]{', '.join(flags)}[/]" if flags else ""),
            f"source: {markup(card.citation or '-')}",
        ]
        about = deck_source(card.source)
        if about:
            lines.append(f"        {markup(about)}")
        return "\n".join(lines)

    def action_close(self) -> None:
        self.dismiss()

"""The browse screen: every card in a searchable table, and the selected card's schedule.

Rows come from one read-only query (`cards.store.browse`), made into rows in a thread worker and
listed a batch per turn of the event loop, so a collection of any size opens at once and keys
keep working while it fills; the details of the highlighted card come from the store (`state`,
`history`), and suspending goes through the store like everything else.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from cards.decks.vocabulary import LanguageChoice
from cards.plural import counted
from cards.schedule.sm2 import Grade
from cards.store.browse import CardRow, filter_rows
from tui.app.preferences import remembered_language
from tui.app.widgets.footer import AppFooter
from tui.app.widgets.ordered_input import OrderedInput
from tui.safe_text import markup, visible
from tui.services import Services
from tui.text import clip, plain

_QUESTION_WIDTH = 28
SEARCH_MAX = 200
"""Characters a search holds: a paste of pages is cut, rather than matched word by word."""
_BATCH = 2_000
"""Rows made in the worker, and rows listed, per turn of the event loop (about 40 ms)."""


class BrowseScreen(Screen[None]):
    """Search with words, `deck:`, `tag:` and `is:`; `s` suspends or unsuspends the card."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search"),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", id="toggle-suspend"),
        Binding("a", "add", "Add", id="add"),
        Binding("i", "info", "Info", id="info"),
        Binding("escape,q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_query = query
        self.rows: list[CardRow] = []
        self.shown: dict[str, CardRow] = {}
        self.language: LanguageChoice = services.settings.language
        self.loading = False
        self._load_number = 0  # a reload's batches replace an earlier load's late ones
        self._search = query
        self._listed = 0  # rows of `self.rows` the search has been applied to
        self._listing = False
        self._reading: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield OrderedInput(
            self.initial_query[:SEARCH_MAX],
            max_length=SEARCH_MAX,
            placeholder="search: words  deck:NAME  tag:TAG  is:new|due|suspended|leech|buried",
            id="browse-search",
        )
        table: DataTable[Text | str] = DataTable(
            id="browse-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column("question", width=_QUESTION_WIDTH, key="question")
        table.add_column("deck", key="deck")
        table.add_column("due", key="due")
        table.add_column("ivl", key="ivl")
        table.add_column("", key="flags")
        yield table
        yield Static(id="browse-detail")
        yield AppFooter()

    class Loaded(Message):
        """A batch of rows was read (in a thread worker), ready to list."""

        def __init__(self, rows: list[CardRow], load_number: int, done: bool) -> None:
            super().__init__()
            self.rows = rows
            self.load_number = load_number
            self.done = done

    def on_mount(self) -> None:
        self.title = "Browse"
        self.language = remembered_language(self.services)
        self.query_one("#browse-table", DataTable).focus()
        self._load()

    def _load(self) -> None:
        """(Re)read every row in a worker; the search in the box applies as they arrive."""
        self._load_number += 1
        self.rows, self.loading = [], True
        self.sub_title = "reading the cards..."
        self.apply_filter(self._query())
        number = self._load_number
        self._reading = self.run_worker(
            lambda: self._read(number), thread=True, exit_on_error=False
        )

    def _read(self, number: int) -> None:
        for batch in self.services.store.browse_batches(_BATCH):
            self.post_message(self.Loaded(batch, number, done=False))
        self.post_message(self.Loaded([], number, done=True))

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        """A read that died (a damaged value, say) ends the waiting with its reason."""
        if event.worker is not self._reading or event.state is not WorkerState.ERROR:
            return
        self.loading = False
        self.sub_title = "the cards could not be read"
        self.query_one("#browse-detail", Static).update(
            Text(f"Cannot list the cards: {event.worker.error}")
        )

    def on_browse_screen_loaded(self, message: Loaded) -> None:
        if message.load_number != self._load_number:
            return
        self.rows.extend(message.rows)
        self.loading = not message.done
        self._list_more()

    @on(Input.Changed, "#browse-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#browse-search")
    def _search_done(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def apply_filter(self, query: str) -> None:
        """List the rows that match `query`, from the top."""
        self._search = query
        self.shown, self._listed = {}, 0
        self.query_one("#browse-table", DataTable).clear()
        self.query_one("#browse-detail", Static).update("")
        self._list_more()

    def _list_more(self) -> None:
        """List the matches among the next batch of rows, then let the event loop run (keys,
        painting) before the batch after it."""
        today, language = self.services.today, self.language
        batch = self.rows[self._listed : self._listed + _BATCH]
        self._listed += len(batch)
        table: DataTable[Text | str] = self.query_one("#browse-table", DataTable)
        for row in filter_rows(batch, self._search, today):
            self.shown[row.card_id] = row
            table.add_row(  # Text, not markup: a card's "[b]" or ":smile:" is shown as written
                Text(clip(visible(plain(row.question(language))), _QUESTION_WIDTH)),
                Text(visible(row.card.deck.split("::")[-1])),
                row.due.isoformat() if row.due else "new",
                f"{row.interval}d" if row.reviews else "",
                row.flags(today),
                key=row.card_id,
            )
        if self._listed < len(self.rows):
            if not self._listing:  # one batch a turn, however many callers asked
                self._listing = True
                self.call_later(self._list_next_turn)
            return
        if self.loading:
            self.sub_title = f"reading the cards... {len(self.rows):,} so far"
            return
        self.sub_title = f"{len(self.shown)} of {counted(len(self.rows), 'card')}"
        if not self.shown:
            self.query_one("#browse-detail", Static).update("No card matches the search.")

    def _list_next_turn(self) -> None:
        self._listing = False
        self._list_more()

    @on(DataTable.RowHighlighted, "#browse-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_detail(event.row_key.value)

    def show_detail(self, card_id: str) -> None:
        store = self.services.store
        state = store.state(card_id)
        row = self.shown.get(card_id)
        if state is None or row is None:
            return
        schedule = state.sm2
        due = schedule.due.isoformat() if schedule.due else "not yet seen"
        history = store.history(card_id)
        grades = "  ".join(
            f"{entry.day:%m-%d} {entry.grade}{'d' if entry.drill else ''}" for entry in history
        )
        tags = " ".join(row.card.tags) or "-"
        flags = row.flags(self.services.today) or "active"
        lines = [
            f"[b]{markup(card_id)}[/b]   {markup(row.card.deck)}   tags: {markup(tags)}",
            f"{flags}  ease {schedule.easiness:.2f}  interval {schedule.interval} d  due {due}  "
            f"reviews {state.reviews}  lapses {state.lapses}",
            f"grades: {grades or 'none yet'}"
            + ("   (d = drill)" if any(entry.drill for entry in history) else ""),
        ]
        if history:
            last = Grade(history[-1].grade)
            lines[-1] += f"   last: {last.label}"
        self.query_one("#browse-detail", Static).update("\n".join(lines))

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_toggle_suspend(self) -> None:
        table: DataTable[Text | str] = self.query_one("#browse-table", DataTable)
        if not self.shown or table.cursor_row < 0:
            return
        card_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if card_id is None:
            return
        row = self.shown[card_id]
        suspended = not row.suspended
        store = self.services.store
        store.set_suspended(card_id, suspended, self.services.today)
        self.refresh_row(card_id)
        self.notify(f"{card_id}: {'suspended' if suspended else 'back in the queues'}")

    def refresh_row(self, card_id: str) -> None:
        """Show a card's new state at once; it stays listed (even if the search would now leave
        it out) until the search runs again."""
        fresh = self.services.store.browse_rows([card_id])
        if not fresh:
            return
        updated = fresh[0]
        self.rows = [updated if r.card_id == card_id else r for r in self.rows]
        self.shown[card_id] = updated
        table: DataTable[Text | str] = self.query_one("#browse-table", DataTable)
        table.update_cell(card_id, "flags", updated.flags(self.services.today))
        self.show_detail(card_id)

    def action_add(self) -> None:
        from tui.app.screens.add import AddScreen

        card_id = self._selected()
        row = self.shown.get(card_id) if card_id else None
        self.app.push_screen(AddScreen(self.services, row.card.deck if row else None), self._added)

    def action_info(self) -> None:
        from tui.app.screens.card_info import CardInfoScreen

        card_id = self._selected()
        if card_id is not None:
            self.app.push_screen(CardInfoScreen(self.services, card_id))

    def _added(self, note_id: str | None) -> None:
        """Show the new note's cards: reload the rows and search for its id."""
        if note_id is None:
            return
        self.query_one("#browse-search", Input).value = note_id
        self._load()

    def _selected(self) -> str | None:
        table: DataTable[Text | str] = self.query_one("#browse-table", DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_back(self) -> None:
        search = self.query_one("#browse-search", Input)
        if search.has_focus:
            self.query_one("#browse-table", DataTable).focus()
        else:
            self.dismiss()

    def _query(self) -> str:
        return self.query_one("#browse-search", Input).value

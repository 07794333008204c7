"""The browse screen: every card in a searchable, sortable list, and the selected card's schedule.

The search runs in SQL in a thread worker (`cards.store.browse_search`) and answers with card
ids only; the list (`BrowseList`) reads the cards a page at a time as they come into view, so a
collection of any size opens, scrolls and searches at once and keys keep working meanwhile. A
later search or sort replaces an earlier one's late answer. The details of the highlighted card
come from the store (`state`, `history`), and suspending goes through the store like
everything else.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from cards.plural import counted
from cards.schedule.sm2 import Grade
from cards.store.browse import CardRow
from cards.store.browse_search import SORT_COLUMNS, Order
from tui.app.preferences import remembered_language
from tui.app.widgets.browse_list import PAGE, BrowseList
from tui.app.widgets.footer import AppFooter
from tui.app.widgets.ordered_input import OrderedInput
from tui.safe_text import markup
from tui.services import Services

SEARCH_MAX = 200
"""Characters a search holds: a paste of pages is cut, rather than matched word by word."""


class BrowseScreen(Screen[None]):
    """Search with words, `deck:`, `tag:` and `is:`; `o` sorts, `s` suspends or unsuspends."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search"),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", id="toggle-suspend"),
        Binding("o", "sort", "Sort", id="sort"),
        Binding("O", "reverse", "Reverse", id="reverse", show=False),
        Binding("a", "add", "Add", id="add"),
        Binding("i", "info", "Info", id="info"),
        Binding("escape,q", "back", "Back", id="back"),
    ]

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_query = query
        self.order = Order()
        self.total = 0
        self.searching = False  # a plain flag: Textual's `loading` would cover the list meanwhile
        self._search_number = 0  # a later search's answer replaces an earlier one's late one
        self._search_worker: Worker[None] | None = None
        self._pending: tuple[int, str, Order] | None = None  # the query the worker takes next
        self._pending_lock = threading.Lock()
        self._detail_shown: str | Text = ""
        self._search_running = False  # a worker is answering queries (set under the lock)

    def compose(self) -> ComposeResult:
        yield Header()
        yield OrderedInput(
            self.initial_query[:SEARCH_MAX],
            max_length=SEARCH_MAX,
            placeholder="search: words  deck:NAME  tag:TAG  is:new|due|suspended|leech|buried",
            id="browse-search",
        )
        yield BrowseList(self.services.store.browse_rows, self.services.today, id="browse-table")
        yield Static(id="browse-detail")
        yield AppFooter()

    class Found(Message):
        """A search's answer (read in a thread worker), ready to list."""

        def __init__(
            self, number: int, card_ids: list[str], total: int, first: list[CardRow]
        ) -> None:
            super().__init__()
            self.number = number
            self.card_ids = card_ids
            self.total = total
            self.first = first

    @property
    def card_ids(self) -> list[str]:
        """The cards listed, in order."""
        return self._list().card_ids

    def on_mount(self) -> None:
        self.title = "Browse"
        self._list().language = remembered_language(self.services)
        self._list().focus()
        self.apply_filter(self._query())

    def apply_filter(self, query: str) -> None:
        """Search for `query` in a worker; the list shows the answer when it comes. One search
        runs at a time: keys typed meanwhile leave only the latest query waiting for it."""
        self._search_number += 1
        self.searching = True
        self.sub_title = "searching..."
        with self._pending_lock:
            self._pending = (self._search_number, query, self.order)
            idle, self._search_running = not self._search_running, True
        if idle:
            self._search_worker = self.run_worker(
                self._search_while_asked, thread=True, exit_on_error=False, group="browse-search"
            )

    def _search_while_asked(self) -> None:
        """Answer the latest query waiting, until none waits (in the worker's thread)."""
        store, today = self.services.store, self.services.today
        try:
            while True:
                with self._pending_lock:
                    asked, self._pending = self._pending, None
                    if asked is None:
                        self._search_running = False
                        return
                number, query, order = asked
                found = store.browse_search(query, today, order)
                first = store.browse_rows(found.card_ids[:PAGE])
                self.post_message(self.Found(number, found.card_ids, found.total, first))
        except BaseException:
            with self._pending_lock:
                self._search_running = False
            raise

    @on(Worker.StateChanged)
    def _search_failed(self, event: Worker.StateChanged) -> None:
        """A search that died (a damaged value, say) ends the waiting with its reason."""
        if event.worker is not self._search_worker or event.state is not WorkerState.ERROR:
            return
        self._show_failure(event.worker.error)

    @on(BrowseList.ReadFailed)
    def _page_failed(self, event: BrowseList.ReadFailed) -> None:
        self._show_failure(event.error)

    def _show_failure(self, error: BaseException | None) -> None:
        self.searching = False
        self.sub_title = "the cards could not be read"
        self._detail(Text(f"Cannot list the cards: {error}"))

    def on_browse_screen_found(self, message: Found) -> None:
        if message.number != self._search_number:
            return
        self.searching = False
        self.total = message.total
        self._detail("")
        self._list().show(message.card_ids, self.order, message.first)
        self._title_counts()
        self.refresh(layout=True)  # the list's new length and title laid out in the next frame
        if message.card_ids:  # at once, so the answer is painted whole, in one frame
            self.show_detail(message.card_ids[0])
        else:
            self._detail("No card matches the search.")

    def _title_counts(self) -> None:
        counts = f"{len(self.card_ids)} of {counted(self.total, 'card')}"
        if self.order != Order():
            arrow = "▼" if self.order.descending else "▲"
            counts += f" · by {self.order.column} {arrow}"
        self.sub_title = counts

    @on(Input.Changed, "#browse-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#browse-search")
    def _search_done(self) -> None:
        self._list().focus()

    @on(BrowseList.Highlighted)
    def _highlighted(self, event: BrowseList.Highlighted) -> None:
        self.show_detail(event.card_id)

    def show_detail(self, card_id: str) -> None:
        store = self.services.store
        row = self._list().current()
        if row is None or row.card_id != card_id:
            return
        state = store.state(card_id)
        if state is None:
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
        self._detail("\n".join(lines))

    def _detail(self, shown: str | Text) -> None:
        """Show `shown` under the list, unless it is there already (the highlighted card is
        told again as the list settles); the panel's height is fixed, so nothing is laid out
        again."""
        panel = self.query_one("#browse-detail", Static)
        if shown != self._detail_shown:
            self._detail_shown = shown
            panel.update(shown, layout=False)

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_sort(self) -> None:
        """Sort by the next column (deck order, due, interval, ease, lapses), ascending."""
        following = SORT_COLUMNS.index(self.order.column) + 1
        self._sort(Order(SORT_COLUMNS[following % len(SORT_COLUMNS)]))

    def action_reverse(self) -> None:
        self._sort(replace(self.order, descending=not self.order.descending))

    def _sort(self, order: Order) -> None:
        self.order = order
        self.apply_filter(self._query())

    def action_toggle_suspend(self) -> None:
        row = self._list().current()
        if row is None:
            return
        suspended = not row.suspended
        self.services.store.set_suspended(row.card_id, suspended, self.services.today)
        self.refresh_row(row.card_id)
        self.notify(f"{row.card_id}: {'suspended' if suspended else 'back in the queues'}")

    def refresh_row(self, card_id: str) -> None:
        """Show a card's new state at once; it stays listed (even if the search would now leave
        it out) until the search runs again."""
        fresh = self.services.store.browse_rows([card_id])
        if fresh:
            self._list().replace(fresh[0])
            self.show_detail(card_id)

    def action_add(self) -> None:
        from tui.app.screens.add import AddScreen

        row = self._list().current()
        self.app.push_screen(AddScreen(self.services, row.card.deck if row else None), self._added)

    def action_info(self) -> None:
        from tui.app.screens.card_info import CardInfoScreen

        row = self._list().current()
        if row is not None:
            self.app.push_screen(CardInfoScreen(self.services, row.card_id))

    def _added(self, note_id: str | None) -> None:
        """Show the new note's cards: search for its id (which reads the rows again)."""
        if note_id is None:
            return
        search = self.query_one("#browse-search", Input)
        if search.value == note_id:
            self.apply_filter(note_id)
        search.value = note_id

    def action_back(self) -> None:
        search = self.query_one("#browse-search", Input)
        if search.has_focus:
            self._list().focus()
        else:
            self.dismiss()

    def _list(self) -> BrowseList:
        return self.query_one("#browse-table", BrowseList)

    def _query(self) -> str:
        return self.query_one("#browse-search", Input).value

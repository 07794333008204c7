"""The browse screen's list: a window onto any number of cards, drawing only the rows in view.

It holds the matching card ids (a search's answer) and reads the cards themselves a page at a
time as they scroll into view, keeping a few pages; nothing is measured or laid out for rows
that are not shown, so a list of 150,000 cards scrolls as one of 15. Line 0 is the header,
which stays put while the rows scroll under it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cards.decks.vocabulary import LanguageChoice
from cards.errors import FlywheelError
from cards.store.browse import CardRow
from cards.store.browse_search import Order
from tui.browse_cells import Column, columns, header, row_line

PAGE = 100
"""Cards read from the store at once."""
_PAGES_KEPT = 40

ReadRows = Callable[[list[str]], list[CardRow]]


class BrowseList(ScrollView, can_focus=True):
    """The matching cards, one per line, with a cursor; `Highlighted` names the card under it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "browse-list--header",
        "browse-list--cursor",
        "browse-list--stripe",
    }
    DEFAULT_CSS = """
    BrowseList { height: 1fr; overflow-x: hidden; }
    BrowseList > .browse-list--header { text-style: bold; color: $text-accent; }
    BrowseList > .browse-list--stripe { background: $surface-lighten-1; }
    BrowseList > .browse-list--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    BrowseList:blur > .browse-list--cursor { background: $block-cursor-blurred-background;
        text-style: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor came to rest on a card."""

        def __init__(self, card_id: str) -> None:
            super().__init__()
            self.card_id = card_id

    class ReadFailed(Message):
        """A page of rows could not be read (a damaged value, say)."""

        def __init__(self, error: FlywheelError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, read: ReadRows, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._read = read
        self.today = today
        self.language: LanguageChoice = "en"
        self.order = Order()
        self.card_ids: list[str] = []
        self.cursor = 0
        self._pages: OrderedDict[int, list[CardRow]] = OrderedDict()
        self._failed = False

    @property
    def row_count(self) -> int:
        return len(self.card_ids)

    def show(self, card_ids: list[str], order: Order, first: list[CardRow] | None = None) -> None:
        """List `card_ids` from the top; `first`: the first page, already read."""
        self.card_ids, self.order, self.cursor = card_ids, order, 0
        self._pages.clear()
        self._failed = False
        if first is not None:
            self._pages[0] = first
        self.virtual_size = Size(0, len(card_ids) + 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        self._announce()

    def current(self) -> CardRow | None:
        """The card under the cursor."""
        return self.row(self.cursor) if self.card_ids else None

    def row(self, index: int) -> CardRow | None:
        """The card at `index`, read with its page when not held."""
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if self._failed:
                return None
            try:
                rows = self._read(self.card_ids[page * PAGE : (page + 1) * PAGE])
            except FlywheelError as error:
                self._failed = True
                self.post_message(self.ReadFailed(error))
                return None
            self._pages[page] = rows
            while len(self._pages) > _PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        offset = index - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def replace(self, fresh: CardRow) -> None:
        """Show a card's new state where it is listed (it stays, whatever the search)."""
        for rows in self._pages.values():
            for number, row in enumerate(rows):
                if row.card_id == fresh.card_id:
                    rows[number] = fresh
        self.refresh()

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self._rows_in_view() - 1))

    def action_last(self) -> None:
        self.move_to(len(self.card_ids) - 1)

    def action_move_to(self, index: int) -> None:
        self.move_to(index)

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (kept in range) and scroll it into view."""
        if not self.card_ids:
            return
        index = max(0, min(index, len(self.card_ids) - 1))
        top, shown = round(self.scroll_y), self._rows_in_view()
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + shown:
            self.scroll_to(y=index - shown + 1, animate=False, immediate=True)
        if index != self.cursor:
            self.cursor = index
            self.refresh()
            self._announce()

    def _announce(self) -> None:
        if self.card_ids:
            self.post_message(self.Highlighted(self.card_ids[self.cursor]))

    def _rows_in_view(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_to(round(self.scroll_y) + event.y - 1)

    def columns_in_view(self) -> tuple[Column, ...]:
        return columns(self.scrollable_content_region.width, self.order)

    def render_line(self, y: int) -> Strip:
        cells = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("browse-list--header")
            return self._strip(header(self.columns_in_view(), self.order), style, cells)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.card_ids):
            return Strip.blank(cells, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(cells, base)
        text = row_line(row, self.columns_in_view(), self.today, self.language)
        style = base
        if index == self.cursor:
            style += self.get_component_rich_style("browse-list--cursor")
        elif index % 2:
            style += self.get_component_rich_style("browse-list--stripe")
        return self._strip(text, style, cells)

    @staticmethod
    def _strip(text: str, style: Style, cells: int) -> Strip:
        return Strip([Segment(text, style)]).adjust_cell_length(cells, style)

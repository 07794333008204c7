"""The home screen: every deck with today's new, due and drill counts, and the week ahead."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Label, Tree
from textual.widgets.tree import TreeNode

from cards.anki.sync.outcome import LAST_SYNC
from cards.errors import FlywheelError
from cards.plural import counted
from cards.schedule.stretch import room_to_stretch
from cards.store.deck_tree import DeckNode, deck_tree
from cards.store.stats import with_todays_queue
from tui.app.messages import AnkiSynced, ReviewRequested
from tui.app.widgets.footer import AppFooter
from tui.app.widgets.week_ahead import WeekAhead
from tui.safe_text import visible
from tui.services import Services
from tui.text import clip

_GUIDE = 4  # the Tree's indentation per level (its default guide_depth)
_ICON = 2  # the expand/collapse icon before a branch's label


def _indent(node: DeckNode, depth: int) -> int:
    return depth * _GUIDE + (_ICON if node.children or node.path is None else 0)


_COUNTS_WIDTH = 3 * 4 + len(" new due drill")
_CARDS_WIDTH = len("  1234 cards")
_MIN_NAME_WIDTH = 10


def count_columns(node: DeckNode) -> Text:
    """`  new  due  drill` figures, zeros dimmed so the eye finds the work."""
    text = Text()
    for count, name, style in (
        (node.new, "new", "bold blue"),
        (node.due, "due", "bold green"),
        (node.drill, "drill", "bold red"),
    ):
        text.append(f"{count:>4}", style if count else "dim")
        text.append(f" {name}", "dim")
    return text


def deck_label(node: DeckNode, depth: int, name_width: int, *, show_cards: bool = True) -> Text:
    """The deck's name padded to `name_width` (cut with "…" if longer), then its counts."""
    room = name_width - _indent(node, depth)
    shown = visible(node.name)
    name = shown if cell_len(shown) <= room else clip(shown, room)
    label = Text(name, "bold" if node.path is None else "")
    label.append(" " * max(1, room - cell_len(name) + 1))
    label.append_text(count_columns(node))
    if show_cards:
        label.append(f"  {node.cards:>4} cards", "dim")
    return label


def last_synced(stamp: str | None) -> str:
    """`2026-03-02 08:15` from the stored moment; empty when there was none."""
    if not stamp:
        return ""
    return stamp[:16].replace("T", " ")


def _name_width(node: DeckNode, depth: int = 0) -> int:
    own = _indent(node, depth) + cell_len(visible(node.name))
    return max([own, *(_name_width(child, depth + 1) for child in node.children)])


class DeckTree(Tree[str | None]):
    """The deck tree; enter reviews the deck under the cursor (a binding users can remap)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Review", id="review-deck")
    ]


class HomeScreen(Screen[None]):
    """Pick a deck and press enter to review it; the root reviews every deck."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review_all", "All", id="review"),
        Binding("greater_than_sign", "review_ahead", "Ahead", id="review-ahead"),
        Binding("plus", "extra_new", "New+", id="extra-new"),
        Binding("b", "app.open_browse", "Browse", id="browse"),
        Binding("s", "app.open_stats", "Stats", id="stats"),
        Binding("y", "sync_anki", "Sync with Anki", id="sync-anki", show=False),  # the line says so
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.root: DeckNode | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="home-day")
        yield Label(id="home-sync")
        tree = DeckTree("All decks", id="deck-tree")
        tree.auto_expand = False
        tree.guide_depth = _GUIDE
        yield tree
        yield WeekAhead(id="home-forecast")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = "Flywheel"
        self.sub_title = "Decks"
        self.refresh_decks()
        self.show_last_sync()

    def show_last_sync(self, note: str = "") -> None:
        """When the collection last synced with Anki (what `y` does)."""
        stamp = self.services.store.preference(LAST_SYNC)
        when = last_synced(stamp)
        text = f"Anki: synced {when}" if when else "Anki: not synced yet"
        self.query_one("#home-sync", Label).update(
            Text(f"{text}. {note}" if note else f"{text} (y syncs).", "dim")
        )

    def action_sync_anki(self) -> None:
        """Sync with Anki in a thread; the screen hears back through `AnkiSynced`."""
        sync = self.services.sync_with_anki
        if sync is None:
            self.show_last_sync("Run `flywheel sync` in a terminal to sync.")
            return
        self.query_one("#home-sync", Label).update(Text("Anki: syncing...", "dim"))

        def work() -> None:
            try:
                self.post_message(AnkiSynced(sync()))
            except FlywheelError as error:
                self.post_message(AnkiSynced([], str(error)))

        self.run_worker(work, thread=True, exclusive=True, group="anki-sync")

    @on(AnkiSynced)
    def _anki_synced(self, message: AnkiSynced) -> None:
        if message.error is not None:
            self.show_last_sync(f"The sync failed: {message.error}")
            return
        self.refresh_decks()  # answers given on other devices change the counts
        self.show_last_sync(message.lines[-1] if message.lines else "")

    def on_screen_resume(self) -> None:
        """Back from a review: the counts have changed."""
        self.refresh_decks()

    def refresh_decks(self) -> None:
        services = self.services
        self.root = root = deck_tree(services.store, services.today)
        self.draw_tree(root)
        day = services.today
        self.query_one("#home-day", Label).update(
            f"Study day [b]{day:%a} {day.day} {day:%b %Y}[/b]: "
            f"[b]{counted(root.waiting, 'card')}[/b] waiting ({root.new} new, {root.due} due, "
            f"{root.drill} drill). Enter reviews the selected deck."
        )
        week = with_todays_queue(services.store.forecast(day), root.due)
        self.query_one(WeekAhead).show(week, day)

    def draw_tree(self, root: DeckNode) -> None:
        """Lay the decks out for the tree's width: the card totals go first when it is narrow,
        then long names are cut."""
        tree: Tree[str | None] = self.query_one("#deck-tree", Tree)
        selected = tree.cursor_node.data if tree.cursor_node else None
        tree.clear()
        room = (tree.scrollable_content_region.width or self.app.size.width) - 2
        width = _name_width(root)
        show_cards = width + 1 + _COUNTS_WIDTH + _CARDS_WIDTH <= room
        if not show_cards:
            width = max(_MIN_NAME_WIDTH, min(width, room - 1 - _COUNTS_WIDTH))
        tree.root.set_label(deck_label(root, 0, width, show_cards=show_cards))
        tree.root.data = None
        self._add_deck_nodes(tree.root, root, 1, width, show_cards)
        tree.root.expand_all()
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.data == selected:
                tree.cursor_line = line
                break

    def on_resize(self) -> None:
        if self.root is not None:
            self.draw_tree(self.root)

    def _add_deck_nodes(
        self,
        parent: TreeNode[str | None],
        node: DeckNode,
        depth: int,
        width: int,
        show_cards: bool,
    ) -> None:
        for child in node.children:
            label = deck_label(child, depth, width, show_cards=show_cards)
            if child.children:
                branch = parent.add(label, data=child.path, expand=True)
                self._add_deck_nodes(branch, child, depth + 1, width, show_cards)
            else:
                parent.add_leaf(label, data=child.path)

    @on(Tree.NodeSelected, "#deck-tree")
    def _review_selected(self, event: Tree.NodeSelected[str | None]) -> None:
        event.stop()
        self.post_message(ReviewRequested(event.node.data))

    def action_review_all(self) -> None:
        self.post_message(ReviewRequested(None))

    def selected_deck(self) -> str | None:
        tree: Tree[str | None] = self.query_one("#deck-tree", Tree)
        return tree.cursor_node.data if tree.cursor_node else None

    def action_review_ahead(self) -> None:
        """Review the selected deck's cards due within the days asked for."""
        deck = self.selected_deck()

        def chosen(days: int | None) -> None:
            if days:
                self.post_message(ReviewRequested(deck, ahead_days=days))

        question = f"Review {deck or 'every deck'} ahead: cards due within how many days?"
        self.ask_number(question, 7, room_to_stretch(self.services.store.limits)[0], chosen)

    def action_extra_new(self) -> None:
        """Review the selected deck with more new cards than today's limit."""
        deck = self.selected_deck()

        def chosen(count: int | None) -> None:
            if count:
                self.post_message(ReviewRequested(deck, extra_new=count))

        question = f"New cards beyond today's limit, for {deck or 'every deck'}:"
        self.ask_number(question, 10, room_to_stretch(self.services.store.limits)[1], chosen)

    def ask_number(
        self, question: str, default: int, highest: int, chosen: Callable[[int | None], None]
    ) -> None:
        """A number from 1 to `highest` (no prompt when there is no room left)."""
        from tui.app.screens.number_prompt import NumberPrompt  # loaded on first use

        if highest < 1:
            self.notify("This review is widened as far as it goes.", severity="warning")
            return
        self.app.push_screen(NumberPrompt(question, min(default, highest), 1, highest), chosen)

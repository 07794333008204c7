"""Home, browse, stats and help driven with keys; the start-up checks of the app."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.command import Command, CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import Input, Tree

from cards.store.deck_tree import deck_tree
from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, piloted, run_start, synced, until
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.home import HomeScreen
from tui.app.screens.review import ReviewScreen
from tui.app.screens.stats import StatsScreen
from tui.app.widgets.browse_list import BrowseList


def test_home_counts_are_each_decks_own_queue(history_store: Store) -> None:
    root = deck_tree(history_store, TODAY)
    assert root.due > 0
    for node in root.walk():
        kinds = Counter(item.kind for item in history_store.queue(TODAY, node.path))
        assert (node.new, node.due, node.drill) == (kinds["new"], kinds["review"], kinds["drill"])
        if node.children:
            assert node.cards == sum(child.cards for child in node.children), node.name
    leaves = [node for node in root.walk() if not node.children]
    assert sum(leaf.cards for leaf in leaves) == root.cards == 37


def test_every_card_a_deck_review_offers_can_be_answered(seed_store: Store) -> None:
    """Whichever deck is chosen, `Store.answer` takes every card its review shows."""
    nodes = deck_tree(seed_store, TODAY).walk()
    for node in reversed(nodes):  # the leaves first, then their parents, the root last
        for item in seed_store.queue(TODAY, node.path):
            seed_store.answer(item.card_id, 4, TODAY, NOW)
    assert seed_store.queue(TODAY) == []
    for node in nodes:
        assert seed_store.queue(TODAY, node.path) == []


def tree_line(tree: Tree[str | None], deck: str | None) -> int:
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data == deck:
            return line
    raise LookupError(deck)


async def test_enter_on_a_deck_reviews_that_deck_and_q_comes_back(
    world_store: Store, world_files: list[Path]
) -> None:
    app = build_app(world_store, world_files, start="home")
    async with piloted(app) as pilot:
        assert isinstance(app.screen, HomeScreen)
        tree: Tree[str | None] = app.screen.query_one(Tree)
        assert "20 new" in str(tree.root.label)
        tree.cursor_line = tree_line(tree, "Test::Basics")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.deck == "Test::Basics"
        # The whole queue's 20 new cards come from decks before it; its own review has its own.
        assert {item.deck for item in screen.session.queue} == {"Test::Basics"}
        assert len(screen.session.queue) == 3
        await pilot.press("q")
        tree.cursor_line = tree_line(tree, "World::Capitals::Asia")
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.deck == "World::Capitals::Asia"
        assert {item.deck for item in screen.session.queue} == {"World::Capitals::Asia"}
        assert screen.session.left == 8
        await pilot.press("space", "4", "q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "19 new" in str(tree.root.label)  # the counts follow the answer
        assert tree.cursor_node is not None
        assert tree.cursor_node.data == "World::Capitals::Asia"  # the cursor stays put
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.deck is None
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


async def test_browse_searches_and_toggles_suspension(
    world_store: Store, world_files: list[Path]
) -> None:
    app = build_app(world_store, world_files, start="home")
    async with piloted(app) as pilot:
        await pilot.press("b")
        await synced(pilot)  # the rows load in a worker
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one(BrowseList)
        assert table.row_count == screen.total == 37
        await pilot.press("slash")
        assert screen.query_one(Input).has_focus
        await pilot.press(*"deck:europe tag:", "enter")
        await synced(pilot)
        # the empty tag prefix matches any tagged card; the deck narrows to Europe
        decks = {row.card.deck for row in world_store.browse_rows(screen.card_ids)}
        assert decks == {"World::Capitals::Europe"}
        assert table.row_count == 8
        await pilot.press("s")  # the table has focus again: suspend the first row
        first = screen.card_ids[0]
        assert first == "europe/france#fwd"
        state = world_store.state(first)
        assert state is not None
        assert state.suspended
        assert first not in {item.card_id for item in world_store.queue(TODAY)}
        await pilot.press("s")
        state = world_store.state(first)
        assert state is not None
        assert not state.suspended
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_stats_and_help_open_and_close(history_store: Store, world_files: list[Path]) -> None:
    app = build_app(history_store, world_files, start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        await pilot.press("s")
        await synced(pilot)  # the figures load in a worker
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.stats is not None
        assert app.screen.stats.reviews > 100
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "back" in {entry.binding_id for entry in help_screen.entries}
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_review_help_lists_the_grades_with_their_meaning(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        by_id = {entry.binding_id: entry for entry in screen.entries}
        assert by_id["grade-0"].note == "complete blackout"
        assert by_id["grade-5"].description == "5 perfect"
        assert {"reveal", "undo", "suspend", "bury", "edit", "language", "quit"} <= set(by_id)


def top_command(screen: Screen[object]) -> str | None:
    """The command the palette would run on Enter, once its search has come back."""
    if not isinstance(screen, CommandPalette):
        return None
    results = screen.query_one(CommandList)
    if results.highlighted is None:
        return None
    option = results.get_option_at_index(results.highlighted)
    return str(option.hit.text) if isinstance(option, Command) else None


async def test_command_palette_offers_the_main_screens(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file], start="home")
    async with piloted(app) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Review", "Browse", "Stats", "Theme"} <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"browse")
        await until(pilot, lambda: top_command(app.screen) == "Browse")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen))


async def test_the_light_theme_turns_the_answer_dark_on_light(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space")
        await pilot.pause()
        back = app.screen.query_one("#back")
        assert back.display  # the answer is on show
        _, _, dark_background, dark_text = back.colors
        app.theme = "textual-light"
        await pilot.pause()
        _, _, light_background, light_text = back.colors
    assert dark_background.brightness < 0.5 < dark_text.brightness
    assert light_text.brightness < 0.5 < light_background.brightness


async def test_an_unknown_deck_is_refused_with_one_line(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file], deck="Nope")
    await run_start(app)
    assert app.return_code == 2
    assert app.return_value is not None
    assert app.return_value.startswith("flywheel: --deck 'Nope' matches no deck")
    assert "\n" not in app.return_value


async def test_a_parent_deck_reviews_its_subdecks(
    world_store: Store, world_files: list[Path]
) -> None:
    app = build_app(world_store, world_files, deck="world::capitals")
    async with piloted(app):
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.left == 16


async def test_no_cards_at_all_exits_with_one_line(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.sqlite3") as store:
        app = build_app(store, [])
        await run_start(app)
        assert app.return_code == 1
        assert app.return_value is not None
        assert "no cards to review" in app.return_value

"""Review ahead and extra new cards from the home screen (`>` and `+`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, Label, Tree

from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, piloted
from tests.tui.test_screens import tree_line
from tui.app.screens.home import HomeScreen
from tui.app.screens.number_prompt import NumberPrompt
from tui.app.screens.review import ReviewScreen


async def test_review_ahead_and_more_new_cards_from_the_home_screen(
    small_store: Store, deck_file: Path
) -> None:
    for back in (2, 1):  # due 1 day after the first answer, then 6 days after the second
        day = TODAY - timedelta(days=back)
        small_store.answer("test/capital#fwd", 5, day, NOW - timedelta(days=back))
    assert small_store.state("test/capital#fwd").sm2.due == TODAY + timedelta(days=5)  # type: ignore[union-attr]
    store = small_store.with_limits(Limits(new_per_day=0))

    app = build_app(store, [deck_file], start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        tree: Tree[str | None] = home.query_one(Tree)
        tree.cursor_line = tree_line(tree, "Test::Basics")
        await pilot.press("greater_than_sign")
        prompt = app.screen
        assert isinstance(prompt, NumberPrompt)
        assert "0 new   0 due" in str(tree.root.label)
        prompt.query_one(Input).value = "5"
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.deck == "Test::Basics"
        kinds = [(item.card_id, item.kind) for item in review.session.queue]
        assert kinds == [("test/capital#fwd", "review")]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        await pilot.press("plus")
        asked = app.screen
        assert isinstance(asked, NumberPrompt)
        asked.query_one(Input).value = "0"
        await pilot.press("enter")
        assert app.screen is asked  # refused: a whole number from 1
        asked.query_one(Input).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        extra = app.screen
        assert isinstance(extra, ReviewScreen)
        assert [item.kind for item in extra.session.queue] == ["new", "new"]
        # The home screen's own counts keep the day's limits.
        await pilot.press("escape")
        await pilot.pause()
        assert store.limits == Limits(new_per_day=0)
        assert "0 new   0 due" in str(tree.root.label)


async def test_the_prompts_complaint_goes_once_the_number_is_typed_again(
    small_store: Store, deck_file: Path
) -> None:
    """A refused number's message must not stay beside a number that would be taken."""
    app = build_app(small_store, [deck_file], start="home")
    async with piloted(app, size=(60, 20)) as pilot:
        await pilot.press("plus")
        prompt = app.screen
        assert isinstance(prompt, NumberPrompt)
        hint = prompt.query_one("#prompt-hint", Label)
        await pilot.press("ctrl+u", "minus", "5", "enter")
        assert "A whole number from 1" in str(hint.render())
        await pilot.press("backspace", "backspace", "3")
        await pilot.pause()
        assert app.screen is prompt
        assert prompt.query_one(Input).value == "3"
        assert str(hint.render()) == "Enter to go, escape to cancel"

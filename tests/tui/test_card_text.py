"""A card side shows plain text without Markdown, Markdown when needed, and never a leftover."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Markdown, Static

import tui
from tests.tui.conftest import screen_text
from tui.app.widgets.card_text import CardText


class OneSide(App[None]):
    CSS_PATH = Path(tui.__file__).parent / "app" / "flywheel.tcss"

    def compose(self) -> ComposeResult:
        yield CardText(id="side")


async def run(steps: Callable[[CardText, Callable[[], Awaitable[str]]], Awaitable[None]]) -> None:
    """Run `steps` with the side and a function that returns the screen once redrawn."""

    app = OneSide()
    async with app.run_test(size=(60, 12)) as pilot:

        async def screen() -> str:
            await pilot.pause()
            return "\n".join(line.rstrip() for line in screen_text(app).splitlines())

        await steps(app.query_one(CardText), screen)


async def test_plain_text_mounts_no_markdown_widget() -> None:
    async def steps(side: CardText, screen: Callable[[], Awaitable[str]]) -> None:
        await side.show("First line\nsecond line.\n\n둘째 문단.")
        assert not side.query(Markdown)
        assert side.source == "First line\nsecond line.\n\n둘째 문단."
        text = await screen()
        assert "First line second line.\n" in text
        assert "\n\n둘째 문단." in text

    await run(steps)


async def test_each_show_replaces_the_whole_text_in_either_widget() -> None:
    async def steps(side: CardText, screen: Callable[[], Awaitable[str]]) -> None:
        await side.show("PLAIN-ONE")
        await side.show("*MARKED-TWO*")
        markdown = side.query_one(Markdown)
        plain = side.query_one(".card-plain", Static)
        assert markdown.display
        assert not plain.display
        text = await screen()
        assert "MARKED-TWO" in text
        assert "*" not in text  # drawn as emphasis, not as source
        assert "PLAIN-ONE" not in text
        await side.show("PLAIN-THREE")
        assert not markdown.display  # hidden at once, emptied after the paint
        text = await screen()
        assert "PLAIN-THREE" in text
        assert "MARKED-TWO" not in text
        await until_true(lambda: markdown.source == "")
        await side.show("")
        assert "PLAIN-THREE" not in await screen()
        assert side.size.height == 0

    await run(steps)


async def test_markdown_shown_again_before_the_paint_is_not_emptied() -> None:
    """The emptying of a hidden Markdown child waits for the paint; a text shown in it again
    meanwhile stays."""

    async def steps(side: CardText, screen: Callable[[], Awaitable[str]]) -> None:
        await side.show("*MARKED-ONE*")
        await side.show("PLAIN-TWO")
        await side.show("*MARKED-THREE*")
        text = await screen()
        await screen()
        markdown = side.query_one(Markdown)
        assert markdown.display
        assert markdown.source == "*MARKED-THREE*"
        assert "MARKED-THREE" in text
        assert "PLAIN-TWO" not in text
        assert "MARKED-THREE" in await screen()

    await run(steps)


async def until_true(condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds (a few frames at most)."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never came true")


async def test_text_that_looks_like_markup_is_shown_as_typed() -> None:
    async def steps(side: CardText, screen: Callable[[], Awaitable[str]]) -> None:
        await side.show("It costs $price (or [b]5 dollars[/b]), 100% sure")
        assert "It costs $price (or [b]5 dollars[/b]), 100% sure" in await screen()
        await side.show("Plain: $price, 100% sure, a:b :smile: :-)")
        assert not side.query(Markdown) or not side.query_one(Markdown).display
        assert "Plain: $price, 100% sure, a:b :smile: :-)" in await screen()

    await run(steps)

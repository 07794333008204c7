"""A grade paints the next card before today's queue is read again, and the store's queue is read
right after that paint: what the screen then holds is the store's, drill included."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual.screen import Screen

from cards.store.store import Store
from tests.tui.conftest import TODAY, build_app, piloted, until
from tui.app.app import FlywheelApp
from tui.app.screens.review import ReviewScreen

Painted = tuple[str | None, bool, bool]
"""The card shown, whether revealed, whether its queue was still foreseen (not yet re-read)."""


def record_paints(app: FlywheelApp) -> list[Painted]:
    painted: list[Painted] = []
    display = app._display

    def recorded(screen: Screen[object], renderable: RenderableType | None) -> None:
        review = app.screen
        if renderable is not None and isinstance(review, ReviewScreen):
            current = review.session.current
            card = current.card_id if current else None
            painted.append((card, review.revealed, review.session.unsettled))
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    return painted


async def test_the_next_card_paints_before_the_queue_is_read_again(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    painted = record_paints(app)
    async with piloted(app) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space")
        painted.clear()
        await pilot.press("1")  # a failing grade: the card joins the drill at the queue's end
        await until(pilot, lambda: not screen.session.unsettled)
        await pilot.pause()
        assert painted[0] == ("test/pair#fwd", False, True)
        assert screen.session.queue == small_store.queue(TODAY)
        assert [(item.card_id, item.kind) for item in screen.session.queue] == [
            ("test/pair#fwd", "new"),
            ("test/cloze#c1", "new"),
            ("test/capital#fwd", "drill"),
        ]
        assert "3 left" in str(screen.query_one("ReviewProgress").render())

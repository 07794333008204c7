"""Above every card: the deck and its source document's title, in the language shown."""

from __future__ import annotations

import asyncio

from textual.widgets import Label

from cards.settings import Settings
from cards.store import Store
from tests.tui.conftest import build_app, seed_files, synced
from tui.app import FlywheelApp
from tui.screens.review import ReviewScreen


def header(app: FlywheelApp) -> str:
    return str(app.screen.query_one("#card-meta", Label).render())


def test_the_header_names_the_source_in_the_cards_language(seed_store: Store) -> None:
    async def scenario() -> None:
        app = build_app(seed_store, seed_files(), settings=Settings(language="en"))
        async with app.run_test(size=(120, 24)) as pilot:
            await synced(pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.session.current is not None
            card = seed_store.card(screen.session.current.card_id)
            assert card is not None
            assert card.source is not None
            assert card.source["title_en"]
            assert card.source["title"]
            english = header(app)
            assert card.deck in english
            assert card.source["title_en"] in english
            assert card.source["title"] not in english.replace(card.source["title_en"], "")
            await pilot.press("l")  # English -> Korean
            korean = header(app)
            assert card.source["title"] in korean
            assert card.source["title_en"] not in korean

    asyncio.run(scenario())

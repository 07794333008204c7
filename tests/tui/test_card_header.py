"""Above every card: the deck, and once the answer shows, its source document's title in the
language shown (a title can hold an answer, so the question side keeps to the deck); the label
names the language the card is shown in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Label

from cards.schedule.queue import Limits
from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text, seed_files
from tui.app.app import FlywheelApp
from tui.app.screens.review import ReviewScreen

ONE_LANGUAGE_DECK = """\
name = "Mixed"

[source]
file = "mixed.txt"
lines = 3
title = "What the answer is: Seoul"

[[notes]]
id = "mixed/english-only"
kind = "basic"
en.front = "Capital of Korea?"
en.back = "Seoul"
"""


def header(app: FlywheelApp) -> str:
    return str(app.screen.query_one("#card-meta", Label).render())


async def test_the_source_title_shows_with_the_answer_in_the_cards_language(
    seed_store: Store,
) -> None:
    app = build_app(seed_store, seed_files(), settings=Settings(language="en"))
    async with piloted(app, size=(120, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None
        card = seed_store.card(screen.session.current.card_id)
        assert card is not None
        assert card.source is not None
        assert card.source["title_en"]
        assert card.source["title"]
        question = header(app)
        assert card.deck in question
        assert card.source["title_en"] not in question
        assert card.source["title"] not in question
        await pilot.press("space")
        english = header(app)
        assert card.deck in english
        assert card.source["title_en"] in english
        assert card.source["title"] not in english.replace(card.source["title_en"], "")
        await pilot.press("l")  # English -> Korean
        korean = header(app)
        assert card.source["title"] in korean
        assert card.source["title_en"] not in korean


async def test_the_label_names_the_language_the_card_is_shown_in(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    deck = write_deck(ONE_LANGUAGE_DECK)
    with Store.open(tmp_path / "c.sqlite3", Limits()) as store:
        store.sync([deck])
        app = build_app(store, [deck], settings=Settings(language="ko"))
        async with piloted(app, size=(120, 24)):
            assert "Capital of Korea?" in screen_text(app)
            question = header(app)
            assert "English" in question
            assert "Korean" not in question
            assert "Seoul" not in question


async def test_a_narrow_screen_wraps_the_header_rather_than_cutting_it(seed_store: Store) -> None:
    app = build_app(seed_store, seed_files(), settings=Settings(language="ko"))
    async with piloted(app, size=(60, 20)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        label = app.screen.query_one("#card-meta", Label)
        text, lines = screen_text(app), label.size.height
    assert lines >= 2
    shown = " ".join(line.strip("│ ") for line in text.splitlines())
    assert "·  Korean" in shown
    assert "…" not in shown

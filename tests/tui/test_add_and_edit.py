"""The add form (`a`) in review and browse: validated by the deck rules, then in the queue."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from textual.widgets import Input, Select, Static

from cards.decks.folders import deck_paths
from cards.decks.loading import read_deck
from cards.store.store import Store
from tests.tui.conftest import TODAY, frozen_clock, log, piloted, screen_text, synced, until
from tui.app.app import FlywheelApp, make_app
from tui.app.screens.add import AddScreen
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.status_line import StatusLine


def app_for(store: Store, folder: Path) -> FlywheelApp:
    return make_app(
        store,
        today=TODAY,
        clock=frozen_clock,
        deck_files=lambda: deck_paths([folder]),
        environ={},
        start="review",
        user_decks=folder,
    )


async def test_a_in_review_adds_a_note_to_the_deck_file_and_its_card_joins_the_queue(
    small_store: Store, deck_file: Path
) -> None:
    before = deck_file.read_text()

    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.left == 3
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddScreen)
        assert form.query_one("#add-deck", Input).value == "Test::Basics"
        form.query_one("#add-en-front", Input).value = "Largest city of Japan?"
        form.query_one("#add-en-back", Input).value = "Tokyo"
        form.query_one("#add-tags", Input).value = "geo, asia"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is review
        assert isinstance(review, ReviewScreen)
        # The card on show stays; the new one comes next, ahead of the other new cards.
        assert [item.card_id for item in review.session.queue][:2] == [
            "test/capital#fwd",
            "basics/largest-city-of-japan#fwd",
        ]
    assert deck_file.read_text().startswith(before.rstrip("\n"))
    deck, problems = read_deck(deck_file)
    assert problems == []
    assert deck is not None
    added = deck.deck.notes[-1]
    assert (added.id, added.tags) == ("basics/largest-city-of-japan", ("geo", "asia"))


async def test_an_invalid_note_is_shown_and_nothing_is_written(
    small_store: Store, deck_file: Path
) -> None:
    before = deck_file.read_bytes()

    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddScreen)
        form.query_one("#add-kind", Select).value = "cloze"
        await pilot.pause()
        assert not form.query_one("#add-en-front", Input).display
        form.query_one("#add-en-text", Input).value = "No gaps here"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        shown = str(form.query_one("#add-problems", Static).render())
        assert "en: a cloze note needs at least one {{c1::...}} deletion" in shown
        await pilot.press("escape", "escape")  # the second throws the typed text away
        assert isinstance(app.screen, ReviewScreen)
    assert deck_file.read_bytes() == before
    assert sorted(path.name for path in deck_file.parent.iterdir()) == [deck_file.name]


async def test_a_in_browse_creates_a_new_deck_file_and_finds_the_card(
    small_store: Store, deck_file: Path
) -> None:
    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        await pilot.press("escape")  # the review screen is standalone: open browse instead
        app.action_open_browse()
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddScreen)
        form.query_one("#add-deck", Input).value = "Words::Korean"
        form.query_one("#add-ko-front", Input).value = "사과"
        form.query_one("#add-ko-back", Input).value = "apple"
        form.query_one("#add-id", Input).value = "words/apple"
        await pilot.press("ctrl+s")
        await synced(pilot)
        assert app.screen is browse
        assert isinstance(browse, BrowseScreen)
        assert browse.card_ids == ["words/apple#fwd"]

    created = deck_file.parent / "words-korean.toml"
    assert created.read_text().startswith('#:schema ./deck.schema.json\nname = "Words::Korean"\n')
    assert (deck_file.parent / "deck.schema.json").is_file()


async def test_a_deck_file_changed_in_another_window_is_read_at_the_next_card(
    small_store: Store, deck_file: Path
) -> None:
    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.queue[1].card_id == "test/pair#fwd"
        text = deck_file.read_text().replace('en.front = "flywheel"', 'en.front = "Flywheel"')
        deck_file.write_text(text)
        await pilot.press("space", "4")
        status = review.query_one(StatusLine)
        await until(pilot, lambda: status.message == "Read 1 changed deck file.")
        card = small_store.card("test/pair#fwd")
        assert card is not None
        assert card.front("en") == "Flywheel"
        assert review.session.current is not None
        assert review.session.current.card_id == "test/pair#fwd"
        assert "Flywheel" in screen_text(app)  # the card on screen drawn again


async def test_a_deck_file_check_that_fails_is_reported_and_the_review_goes_on(
    watched_small: tuple[Store, sqlite3.Connection], deck_file: Path
) -> None:
    """After the first grade the deck files are looked at (off the event loop) while another
    process holds the database's write lock, so the changed file cannot be stored: the status
    line says so."""
    small_store, writer = watched_small
    blocker = sqlite3.connect(small_store.path, isolation_level=None, check_same_thread=False)
    calls: list[threading.Thread] = []

    def deck_files() -> list[Path]:
        calls.append(threading.current_thread())
        if len(calls) == 2:  # the check after the first grade
            deck_file.write_text(deck_file.read_text().replace("flywheel", "Flywheel"))
            writer.execute("PRAGMA busy_timeout = 50")
            blocker.execute("BEGIN IMMEDIATE")
        return [deck_file]

    try:
        app = make_app(
            small_store, today=TODAY, clock=frozen_clock, deck_files=deck_files, start="review"
        )
        async with piloted(app, size=(100, 40)) as pilot:
            review = app.screen
            assert isinstance(review, ReviewScreen)
            await pilot.press("space", "4")
            status = review.query_one(StatusLine)
            await until(pilot, lambda: status.severity == "error")
            assert status.message.startswith("Sync failed: ")
            assert "locked" in status.message
            assert calls[1] is not threading.main_thread()
            blocker.execute("ROLLBACK")
            await pilot.press("space", "5")  # and the review goes on
    finally:
        blocker.close()
    assert log(small_store) == [("test/capital#fwd", 4), ("test/pair#fwd", 5)]


async def test_a_long_paste_is_cut_to_the_fields_limit_and_the_form_stays_responsive(
    small_store: Store, deck_file: Path
) -> None:
    """50 KB pasted into a field (a freeze of minutes before); keys past the limit are dropped."""
    from textual import events

    text_limit, id_limit = 4000, 200  # the add form's limit on card text; the models' on ids

    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddScreen)
        front = form.query_one("#add-en-front", Input)
        front.focus()
        await pilot.pause()
        front.post_message(events.Paste("word " * 10_000 + "\nsecond line"))
        await pilot.pause()
        assert front.value == ("word " * 10_000)[:text_limit]
        await pilot.press("x", "y")  # handled at once, and dropped: the field is full
        assert front.value == ("word " * 10_000)[:text_limit]
        assert "at most 4,000 characters" in " ".join(
            str(toast.message) for toast in app._notifications
        )
        note_id = form.query_one("#add-id", Input)
        note_id.focus()
        await pilot.pause()
        note_id.post_message(events.Paste("a" * 1000))
        await pilot.press("backspace", "b")
        assert note_id.value == "a" * (id_limit - 1) + "b"
        form.query_one("#add-en-back", Input).value = "b"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    deck, problems = read_deck(deck_file)
    assert problems == []
    assert deck is not None
    assert deck.deck.notes[-1].en is not None
    assert len(deck.deck.notes[-1].en.front or "") == len(("word " * 800).strip())


async def test_escape_asks_before_throwing_typed_text_away(
    small_store: Store, deck_file: Path
) -> None:
    app = app_for(small_store, deck_file.parent)
    async with piloted(app, size=(100, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddScreen)
        await pilot.press("escape")  # nothing typed yet: it just closes
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("a")
        second = app.screen_stack[-1]
        assert isinstance(second, AddScreen)
        await pilot.press(*"Largest city of Japan?")
        await pilot.press("escape")
        assert app.screen_stack[-1] is second
        assert second.query_one("#add-en-front", Input).value == "Largest city of Japan?"
        shown = str(second.query_one("#add-problems", Static).render())
        assert "escape again" in shown.lower()
        await pilot.press("escape")
        assert isinstance(app.screen_stack[-1], ReviewScreen)

"""The review screen driven with keys, checked against the store (the truth), not the pixels."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from cards.decks.vocabulary import NoteKind
from cards.schedule.queue import Limits
from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import (
    NOW,
    TODAY,
    build_app,
    log,
    piloted,
    seed_files,
    synced,
)
from tui.app.app import FlywheelApp
from tui.app.screens.review import ReviewScreen
from tui.app.widgets.card_text import CardText
from tui.app.widgets.status_line import StatusLine


def review_screen(app: FlywheelApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_grades_count_only_after_the_reveal(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("4")
        assert log(small_store) == []
        assert not review_screen(app).revealed
        await pilot.press("space")
        assert review_screen(app).revealed
        await pilot.press("4")
        assert log(small_store) == [("test/capital#fwd", 4)]
        current = review_screen(app).session.current
        assert current is not None
        assert current.card_id == "test/pair#fwd"
    entry = small_store.history("test/capital#fwd")[0]
    assert entry.answered_at == NOW
    assert entry.day == TODAY


async def test_enter_also_reveals_and_every_digit_is_a_grade(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        for grade in ("0", "5", "3"):
            await pilot.press("enter", grade)
    assert log(small_store) == [("test/capital#fwd", 0), ("test/pair#fwd", 5), ("test/cloze#c1", 3)]


async def test_a_failed_card_comes_back_as_drill_and_the_total_grows(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        session = review_screen(app).session
        assert (session.done, session.left) == (0, 3)
        await pilot.press("space", "2")
        assert (session.done, session.left) == (1, 3)
        assert [item.kind for item in session.queue] == ["new", "new", "drill"]
        await pilot.press("space", "4", "space", "4", "space", "4")
        assert (session.done, session.left) == (4, 0)
        assert app.screen.has_class("-finished")
    assert log(small_store)[-1] == ("test/capital#fwd", 4)


async def test_undo_takes_the_answer_back_and_returns_to_its_card(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "5", "space", "3")
        assert len(log(small_store)) == 2
        await pilot.press("u")
        assert log(small_store) == [("test/capital#fwd", 5)]
        screen = review_screen(app)
        assert screen.session.current is not None
        assert screen.session.current.card_id == "test/pair#fwd"
        assert not screen.revealed
        assert screen.session.done == 1
        status = screen.query_one(StatusLine)
        assert status.message == "Took back grade 3 hard for test/pair#fwd."
        await pilot.press("u", "u")  # the second has nothing of this sitting left
        assert log(small_store) == []
        assert (status.severity, status.message) == (
            "warning",
            "Nothing to undo in this session.",
        )


async def test_suspend_and_bury_take_the_card_out_of_the_queue(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("s")
        await pilot.press("b")
        session = review_screen(app).session
        assert [item.card_id for item in session.queue] == ["test/cloze#c1"]
    suspended = small_store.state("test/capital#fwd")
    buried = small_store.state("test/pair#fwd")
    assert suspended is not None
    assert suspended.suspended
    assert buried is not None
    assert buried.buried_until == TODAY + timedelta(days=1)
    assert log(small_store) == []
    ids = [item.card_id for item in small_store.queue(TODAY)]
    assert "test/capital#fwd" not in ids
    assert "test/pair#fwd" not in ids


async def test_quitting_keeps_every_answer(
    small_store: Store, deck_file: Path, tmp_path: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "4", "space", "1", "space")  # the third is left revealed
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    # A second connection sees the answers: they were committed, not merely buffered.
    with sqlite3.connect(tmp_path / "small.sqlite3") as other:
        rows = other.execute("SELECT card_id, grade FROM review_log ORDER BY id").fetchall()
    assert rows == [("test/capital#fwd", 4), ("test/pair#fwd", 1)]


async def test_ctrl_c_quits_at_once(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "5", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert log(small_store) == [("test/capital#fwd", 5)]


async def test_language_cycles_from_the_setting(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file], settings=Settings(language="ko"))
    async with piloted(app) as pilot:
        front = app.screen.query_one("#front", CardText)
        assert front.source == "한국의 수도는?"
        await pilot.press("l")
        assert front.source == "Capital of Korea?\n\n한국의 수도는?"
        await pilot.press("l")
        assert front.source == "Capital of Korea?"
        await pilot.press("space")
        back = app.screen.query_one("#back", CardText)
        assert back.source == "Seoul"


async def test_the_answer_shows_back_extra_and_source(seed_store: Store) -> None:
    app = build_app(seed_store, seed_files(), settings=Settings(language="en"))
    async with piloted(app) as pilot:
        screen = review_screen(app)
        item = screen.session.current
        assert item is not None
        card = seed_store.card(item.card_id)
        assert card is not None
        assert card.citation is not None
        await pilot.press("space")
        text = str(app.screen.query_one("#source").render())
        assert card.citation in text
        # A cloze shows its answer in place of the question; other kinds below it.
        shown_in = "#front" if card.kind is NoteKind.CLOZE else "#back"
        assert app.screen.query_one(shown_in, CardText).source == card.back("en")


async def test_builtin_decks_review_round(seed_store: Store) -> None:
    app = build_app(seed_store, seed_files())
    shown: list[str] = []
    async with piloted(app) as pilot:
        session = review_screen(app).session
        assert session.left == 20  # the daily new-card limit
        for grade in "5432105":
            assert session.current is not None
            shown.append(session.current.card_id)
            await pilot.press("space", grade)
    shown = shown
    assert [card for card, _ in log(seed_store)] == shown
    assert [grade for _, grade in log(seed_store)] == [5, 4, 3, 2, 1, 0, 5]


async def test_an_empty_day_shows_a_friendly_state(tmp_path: Path, deck_file: Path) -> None:
    with Store.open(tmp_path / "none.sqlite3", Limits(new_per_day=0)) as store:
        app = build_app(store, [deck_file])
        async with piloted(app) as pilot:
            assert app.screen.has_class("-finished")
            title = str(app.screen.query_one("#summary-title").render())
            assert title == "Nothing to review right now"
            await pilot.press("space", "4", "s", "b")  # no card: nothing happens
            assert log(store) == []


async def test_a_resize_reflows_the_card(seed_store: Store) -> None:
    app = build_app(seed_store, seed_files(), settings=Settings(language="ko"))
    async with piloted(app) as pilot:
        await pilot.press("space")
        front = app.screen.query_one("#front", CardText)
        wide = front.size.height
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert front.size.width < 40
        assert front.size.height > wide  # the Korean text wrapped onto more lines


async def test_a_card_suspended_from_browse_leaves_the_review(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space")
        app.action_open_browse()
        await synced(pilot)
        await pilot.press("s", "escape")  # suspends the first row: the card on show
        screen = review_screen(app)
        assert screen.session.current is not None
        assert screen.session.current.card_id == "test/pair#fwd"
        assert not screen.revealed
        await pilot.press("space", "4")
    assert log(small_store) == [("test/pair#fwd", 4)]

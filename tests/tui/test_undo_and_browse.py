"""`u` in the review takes back this sitting's latest action; browse shows its changes at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from cards.store.browse import CardRow
from cards.store.store import Store
from tests.tui.conftest import NOW, TODAY, build_app, log, piloted, screen_text, seed_files, synced
from tui.app.screens import browse
from tui.app.screens.browse import BrowseScreen
from tui.app.screens.review import ReviewScreen
from tui.app.widgets import browse_list
from tui.app.widgets.browse_list import BrowseList
from tui.app.widgets.status_line import StatusLine


async def test_u_after_s_takes_back_the_suspension(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "4", "s", "u")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.current is not None
        assert screen.session.current.card_id == "test/pair#fwd"
        status = screen.query_one(StatusLine)
        assert status.message == "Took back the suspension of test/pair#fwd."
        assert "Took back the suspension" in screen_text(app)
    assert log(small_store) == [("test/capital#fwd", 4)]
    assert not small_store.state("test/pair#fwd").suspended  # type: ignore[union-attr]


async def test_u_after_b_takes_back_the_burial(small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "4", "b", "u")
    assert log(small_store) == [("test/capital#fwd", 4)]
    assert small_store.state("test/pair#fwd").buried_until is None  # type: ignore[union-attr]


async def test_u_leaves_an_answer_another_process_gave(
    small_store: Store, deck_file: Path, tmp_path: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "4")  # this sitting: capital
        with Store.open(small_store.path) as script:
            script.answer("test/cloze#c1", 5, TODAY, NOW)
        await pilot.press("u")
    assert log(small_store) == [("test/cloze#c1", 5)]


async def test_u_after_an_undo_elsewhere_says_so_and_counts_the_answer_out(
    small_store: Store, deck_file: Path
) -> None:
    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        await pilot.press("space", "4")
        with Store.open(small_store.path) as script:  # `flywheel undo` in another window
            assert script.undo() is not None
        await pilot.press("u")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        message = screen.query_one(StatusLine).message
        text = screen_text(app)
    assert "taken back in another window" in message
    assert "0 done" in text, text
    assert log(small_store) == []


async def test_browse_shows_an_unsuspend_at_once_and_keeps_the_row(
    small_store: Store, deck_file: Path
) -> None:
    small_store.set_suspended("test/pair#rev", True, TODAY)

    app = build_app(small_store, [deck_file], start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        app.push_screen(BrowseScreen(app.services, "is:suspended"))
        await synced(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#browse-table", BrowseList)
        assert table.row_count == 1
        await pilot.press("s")
        await pilot.pause()
        assert table.row_count == 1  # stays until the search runs again
        row = table.current()
        assert row is not None
        assert row.card_id == "test/pair#rev"
        assert row.flags(TODAY) == ""
        detail = str(screen.query_one("#browse-detail", Static).render())
        assert "susp" not in detail
        assert "active" in detail
        assert not small_store.state("test/pair#rev").suspended  # type: ignore[union-attr]
        await pilot.press("s")  # and back again: the second press works too
        await pilot.pause()
        assert table.current().flags(TODAY) == "susp"  # type: ignore[union-attr]
        assert small_store.state("test/pair#rev").suspended  # type: ignore[union-attr]
        screen.query_one("#browse-search", Input).value = "is:suspended "
        await synced(pilot)
        assert table.row_count == 1
        assert "susp" in screen_text(app)


async def test_browse_reads_only_the_pages_in_view(
    seed_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search answers with ids; rows are read a page at a time as they come into view (here
    7 a page, as 100 at scale), so the last row costs one page, not every row before it."""
    monkeypatch.setattr(browse_list, "PAGE", 7)
    monkeypatch.setattr(browse, "PAGE", 7)
    every = seed_store.browse_search("", TODAY).card_ids
    korean = seed_store.browse_search("플랫폼", TODAY).card_ids
    assert len(every) > 7 * 10
    assert 0 < len(korean) < len(every)
    read: list[list[str]] = []

    def reading(card_ids: list[str]) -> list[CardRow]:
        read.append(card_ids)
        return seed_store.browse_rows(card_ids)

    app = build_app(seed_store, seed_files(), start="home")
    async with piloted(app, size=(100, 30)) as pilot:
        screen = BrowseScreen(app.services, "플랫폼")
        app.push_screen(screen)
        await synced(pilot)
        table = screen.query_one("#browse-table", BrowseList)
        table._read = reading
        assert table.card_ids == korean
        assert screen.sub_title == f"{len(korean)} of {len(every)} cards"
        screen.query_one("#browse-search", Input).value = ""
        await synced(pilot)
        assert table.card_ids == every
        read.clear()
        await pilot.press("end")
        await pilot.pause()
        assert table.current() is not None
        assert table.current().card_id == every[-1]  # type: ignore[union-attr]
        assert every[-1] in screen_text(app) or every[-1] in str(
            screen.query_one("#browse-detail", Static).render()
        )
        assert 0 < sum(len(ids) for ids in read) <= 7 * 4


async def test_browse_lists_what_looks_like_markup_as_written(tmp_path: Path) -> None:
    deck = tmp_path / "marks.toml"
    deck.write_text(
        'name = "Marks"\n[[notes]]\nid = "marks/one"\n'
        'en.front = "Is [b]this[/b] bold :smile:?"\nen.back = "No."\n',
        encoding="utf-8",
    )
    with Store.open(tmp_path / "c.db") as store:
        store.sync([deck])
        app = build_app(store, [deck], start="home")
        async with piloted(app, size=(100, 30)) as pilot:
            app.push_screen(BrowseScreen(app.services))
            await synced(pilot)
            shown = screen_text(app)
    assert "Is [b]this[/b] bold :smile:?" in shown

"""SVG snapshots of every screen, on a fixed study day with a frozen clock and fixed data.

Update with `uv run pytest tests/tui --snapshot-update`, then look at the SVGs under
`__snapshots__/` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from textual.pilot import Pilot

from cards.schedule.queue import Limits
from cards.settings import Settings
from cards.store.store import Store
from tests.tui.conftest import build_app, piloted, screen_text, synced

Snap = Callable[..., bool]


async def open_stats(pilot: Pilot[Any]) -> None:
    """Open the stats screen and wait for its figures (read in a worker)."""
    await synced(pilot)
    await pilot.press("s")
    await synced(pilot)


def test_home(snap_compare: Snap, history_store: Store, world_files: list[Path]) -> None:
    app = build_app(history_store, world_files, start="home")
    assert snap_compare(app, terminal_size=(80, 24), run_before=synced)


def test_question(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    assert snap_compare(app, terminal_size=(80, 24), run_before=synced)


def test_answer(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    assert snap_compare(app, press=["space"], terminal_size=(80, 24), run_before=synced)


def test_cloze_answer_in_korean(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file], settings=Settings(language="ko"))
    keys = ["space", "4", "space", "4", "space"]
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=synced)


def test_summary(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    keys = ["space", "4", "space", "2", "space", "5", "space", "5"]
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=synced)


def test_empty_day(snap_compare: Snap, tmp_path: Path, deck_file: Path) -> None:
    with Store.open(tmp_path / "none.sqlite3", Limits(new_per_day=0)) as store:
        app = build_app(store, [deck_file])
        assert snap_compare(app, terminal_size=(80, 24), run_before=synced)


def test_help(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24), run_before=synced)


def test_browse(snap_compare: Snap, history_store: Store, world_files: list[Path]) -> None:
    app = build_app(history_store, world_files, start="home")

    async def open_browse(pilot: Pilot[Any]) -> None:
        await synced(pilot)
        await pilot.press("b")
        await synced(pilot)

    assert snap_compare(app, press=["down"], terminal_size=(80, 24), run_before=open_browse)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "narrow"])
def test_stats(
    snap_compare: Snap, history_store: Store, world_files: list[Path], size: tuple[int, int]
) -> None:
    app = build_app(history_store, world_files, start="home")
    assert snap_compare(app, terminal_size=size, run_before=open_stats)


def test_light_theme(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file])

    async def light(pilot: object) -> None:
        await synced(pilot)  # type: ignore[arg-type]
        app.theme = "textual-light"

    assert snap_compare(app, press=["space"], terminal_size=(80, 24), run_before=light)


SMALL = (60, 20)


def test_home_small(snap_compare: Snap, history_store: Store, world_files: list[Path]) -> None:
    app = build_app(history_store, world_files, start="home")
    assert snap_compare(app, terminal_size=SMALL, run_before=synced)


def test_question_small_in_korean(snap_compare: Snap, small_store: Store, deck_file: Path) -> None:
    app = build_app(small_store, [deck_file], settings=Settings(language="ko"))
    keys = ["space", "4", "space", "4"]
    assert snap_compare(app, press=keys, terminal_size=SMALL, run_before=synced)


def test_stats_small_shows_the_recent_weeks(
    snap_compare: Snap, history_store: Store, world_files: list[Path]
) -> None:
    app = build_app(history_store, world_files, start="home")
    assert snap_compare(app, press=["end"], terminal_size=SMALL, run_before=open_stats)


@pytest.mark.parametrize("start", ["home", "review"])
async def test_the_footer_fits_sixty_columns(
    small_store: Store, deck_file: Path, start: Literal["home", "review"]
) -> None:
    """Every key the footer offers is readable at 60x20, the help key last of all."""

    app = build_app(small_store, [deck_file], start=start)
    async with piloted(app, size=SMALL):
        footer = screen_text(app).splitlines()[-1]
    assert footer.rstrip().endswith("? Help"), footer


async def test_the_footer_follows_a_resize(small_store: Store, deck_file: Path) -> None:
    """Narrowed from 80 columns, the footer gives the palette hint's room back to the keys, and
    takes it again when wide."""

    app = build_app(small_store, [deck_file])
    async with piloted(app) as pilot:
        footers = [screen_text(app).splitlines()[-1]]
        for size in (SMALL, (100, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            footers.append(screen_text(app).splitlines()[-1])
        wide, narrow, wider = footers
    assert "palette" in wide
    assert "palette" not in narrow
    assert narrow.rstrip().endswith("? Help"), narrow
    assert "palette" in wider

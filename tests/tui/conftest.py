"""Fixtures for the UI tests: a fixed study day, a frozen clock, stores with known data, and the
one way a test starts the app (`piloted`); then the end-to-end tests' terminal, user and browser.

Snapshots must not move, so nothing here reads the real clock or depends on the temp path.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import sqlite3
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from cards.schedule.queue import Limits
from cards.settings import Settings
from cards.store.store import Store
from seeds import BUILTIN_DECKS
from tests.conftest import GOOD_DECK
from tests.sql import run_sql, watched
from tests.tui.decks import write_test_decks
from tests.tui.served import CHROMIUM, CHROMIUM_ARGS, Served, Tab, app_processes, need_chromium
from tests.tui.terminal import Terminal
from tui.app.app import FlywheelApp, make_app
from tui.services import Services, Start

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TODAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
SEED_FILES = sorted(BUILTIN_DECKS.glob("*.toml"))
HISTORY_LIMITS = Limits(new_per_day=3)


def frozen_clock() -> datetime:
    return NOW


def seed_files() -> list[Path]:
    return list(SEED_FILES)


async def synced(pilot: Pilot[Any]) -> None:
    """Wait for the start-up sync worker and the first screen (or the app's exit)."""
    for _ in range(2):
        with contextlib.suppress(WorkerCancelled):  # the app may exit as the worker ends
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@contextlib.asynccontextmanager
async def piloted(app: App[Any], size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot[Any]]:
    """Run `app` headless at `size`, past its start-up sync and first screen: the one way the
    screen tests start an app (they are `async def`, run on pytest-asyncio's loop)."""
    async with app.run_test(size=size) as pilot:
        await synced(pilot)
        yield pilot


async def run_start(app: App[Any], size: tuple[int, int] = (80, 24)) -> None:
    """Run `app` past its start-up sync (and its exit, when the start ends it), then close it:
    for tests of what a start ends with."""
    async with piloted(app, size):
        pass


def screen_text(app: App[Any]) -> str:
    """The whole screen as plain text, as a terminal would show it (notifications included)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition` holds: a wait on what is awaited, never a fixed nap."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"still waiting after {timeout} s for {condition.__doc__ or condition}"
            )
        await pilot.pause(0.02)


def build_app(
    store: Store,
    files: list[Path],
    *,
    start: Start = "review",
    deck: str | None = None,
    settings: Settings | None = None,
    environ: dict[str, str] | None = None,
) -> FlywheelApp:
    return make_app(
        store,
        today=TODAY,
        clock=frozen_clock,
        settings=settings or Settings(),
        deck_files=lambda: list(files),
        environ=environ or {},
        start=start,
        deck=deck,
    )


class RecordingApp(FlywheelApp):
    """The real app, plus a record of its notifications."""

    def __init__(self, services: Services) -> None:
        super().__init__(services, start="review")
        self.notes: list[tuple[str, str]] = []

    def notify(self, message: str, *args: object, **kwargs: object) -> None:
        self.notes.append((str(kwargs.get("severity", "information")), message))
        super().notify(message, *args, **kwargs)  # type: ignore[arg-type]


def recording_app(
    store: Store, files: list[Path], settings: Settings | None = None
) -> RecordingApp:
    return RecordingApp(build_app(store, files, settings=settings).services)


def log(store: Store) -> list[tuple[str, int]]:
    """The review log as (card id, grade), oldest first."""
    rows = run_sql(store, "SELECT card_id, grade FROM review_log ORDER BY id")
    return [(row[0], row[1]) for row in rows]


def simulate_history(store: Store, first: date, last: date) -> int:
    """Answer every queue from `first` to `last` inclusive with grades fixed by a hash.

    Drill cards get a 4 so each day ends; the result is the same on every run and machine.
    """
    answers = 0
    day = first
    while day <= last:
        while queue := store.queue(day):
            item = queue[0]
            roll = zlib.crc32(f"{item.card_id}/{day}".encode()) % 10
            grade = 4 if item.kind == "drill" else (2, 3, 4, 4, 4, 5, 5, 5, 5, 1)[roll]
            moment = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
            store.answer(item.card_id, grade, day, moment + timedelta(seconds=answers))
            answers += 1
        day += timedelta(days=1)
    return answers


@pytest.fixture
def deck_file(write_deck: Callable[..., Path]) -> Path:
    return write_deck(GOOD_DECK)


@pytest.fixture
def small_store(tmp_path: Path, deck_file: Path) -> Iterator[Store]:
    """The three-note test deck (English and Korean), synced, nothing answered."""
    with Store.open(tmp_path / "small.sqlite3", Limits()) as store:
        store.sync([deck_file])
        yield store


@pytest.fixture
def watched_small(tmp_path: Path, deck_file: Path) -> Iterator[tuple[Store, sqlite3.Connection]]:
    """The small store, on a writer connection the test holds too (for a limit of that
    connection's own, such as a full disk or a short wait for a lock)."""
    with watched(tmp_path / "small.sqlite3", Limits()) as (store, writer):
        store.sync([deck_file])
        yield store, writer


@pytest.fixture(scope="session")
def world_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The fixed test decks (World::Capitals::Asia/Europe, Words::Korean, Test::Basics)."""
    return write_test_decks(tmp_path_factory.mktemp("world"))


@pytest.fixture
def world_store(tmp_path: Path, world_files: list[Path]) -> Iterator[Store]:
    """The fixed test decks, synced, nothing answered."""
    with Store.open(tmp_path / "world.sqlite3", Limits()) as store:
        store.sync(world_files)
        yield store


@pytest.fixture(scope="session")
def history_db(tmp_path_factory: pytest.TempPathFactory, world_files: list[Path]) -> Path:
    """The fixed test decks after six weeks of reviews, then four days off (so cards are due)."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    with watched(path, HISTORY_LIMITS) as (store, writer):
        writer.execute("PRAGMA synchronous = OFF")  # speed only: a throwaway file
        store.sync(world_files)
        simulate_history(store, TODAY - timedelta(days=46), TODAY - timedelta(days=5))
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def history_store(tmp_path: Path, history_db: Path) -> Iterator[Store]:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(history_db, path)
    with Store.open(path, HISTORY_LIMITS) as store:
        yield store


@pytest.fixture
def seed_store(tmp_path: Path) -> Iterator[Store]:
    """The built-in decks, synced, nothing answered."""
    with Store.open(tmp_path / "seeds.sqlite3", Limits()) as store:
        store.sync(seed_files())
        yield store


# The end-to-end tests: the installed command in tmux, and served to a browser.


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    try:
        yield term
    finally:
        term.kill()


@pytest.fixture
def user(tmp_path: Path) -> dict[str, str]:
    """For the end-to-end tests: a user with the small test deck only, on the fixed study day,
    everything in the test's folder."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "basics.toml").write_text(GOOD_DECK, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('builtin_decks = false\nlanguage = "both"\n', encoding="utf-8")
    return {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(decks),
        "FLYWHEEL_TODAY": "2026-01-15",
        "TERM": "xterm-256color",
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright  # loaded by the browser tests only

    need_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def serve(tmp_path: Path, user: dict[str, str]) -> Iterator[Callable[..., Served]]:
    """Start `flywheel serve` (on the test's collection, named on its command line); every
    server started is stopped at the end."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        served = Served(tmp_path, user, f"--db={user['FLYWHEEL_DB']}", *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()
    for left in app_processes(user["FLYWHEEL_DB"]):  # after a failure: nothing left behind
        os.kill(left, signal.SIGKILL)


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[[str], Tab]]:
    """Tabs of one browser window (they share its cookies, as a person's tabs do)."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})

    def open_tab(url: str) -> Tab:
        return Tab(context.new_page(), url)

    yield open_tab
    context.close()

"""A full disk, a file size limit and a read-only collection are named as such, told apart by
SQLite's result codes; on a read-only collection the reading commands still work.

A small tmpfs stands in for a full disk and, remounted read-only, for a read-only mount; where
mounting is not allowed (it needs root), those tests are skipped and the ones on SQLite's own
limits (`max_page_count`, `mode=ro`) and on `ulimit -f` still run.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from cards.schedule.queue import Limits
from cards.store.database_errors import Trouble, explain, trouble
from cards.store.store import Store
from tests.conftest import GOOD_DECK, flywheel


def error_of(connection: sqlite3.Connection, sql: str) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        connection.execute(sql)
    return caught.value


def test_errors_are_told_apart_by_their_codes(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with closing(sqlite3.connect(db, isolation_level=None)) as connection:
        connection.execute("CREATE TABLE t (x BLOB)")
        connection.execute("PRAGMA max_page_count = 3")
        full = error_of(connection, "INSERT INTO t VALUES (zeroblob(100000))")
    assert trouble(full) is Trouble.FULL
    assert explain(full, db) == (
        f"{db}: disk full; nothing was written: free some space and try again"
    )
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as reader:
        read_only = error_of(reader, "INSERT INTO t VALUES (1)")
    assert trouble(read_only) is Trouble.READ_ONLY
    assert "read-only" in (explain(read_only, db) or "")
    with (
        closing(sqlite3.connect(db, isolation_level=None)) as first,
        closing(sqlite3.connect(db, isolation_level=None, timeout=0)) as second,
    ):
        first.execute("BEGIN IMMEDIATE")
        busy = error_of(second, "BEGIN IMMEDIATE")
        first.execute("ROLLBACK")
    assert trouble(busy) is Trouble.BUSY
    assert explain(busy, db) is None  # the command line says who holds the lock
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with closing(sqlite3.connect(db)) as damaged:
        assert trouble(error_of(damaged, "SELECT * FROM sqlite_schema")) is Trouble.DAMAGED


def answered_once(env: dict[str, str]) -> None:
    result = flywheel("answer", "test/capital#fwd", "4", env=env)
    assert result.returncode == 0, result.stderr


def review_log(db: str) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(f"{Path(db).as_uri()}?immutable=1", uri=True)) as connection:
        rows = connection.execute("SELECT card_id, grade FROM review_log ORDER BY id")
        return [(str(card), int(grade)) for card, grade in rows]


def limited_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def test_a_file_size_limit_is_named(env: dict[str, str]) -> None:
    answered_once(env)
    # Not measured: coverage could not write its own data file under the limit either.
    unmeasured = {key: value for key, value in os.environ.items() if "COVERAGE" not in key}
    result = subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", "answer", "test/pair#fwd", "4"],
        capture_output=True,
        text=True,
        env={**unmeasured, **env},
        preexec_fn=lambda: limited_file_size(8192),
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"flywheel: {env['FLYWHEEL_DB']}: disk full for this process: its file size limit "
        "(ulimit -f) is 8,192 bytes; nothing was written: raise the limit and try again\n"
    )
    assert review_log(env["FLYWHEEL_DB"]) == [("test/capital#fwd", 4)]


def mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, timeout=30).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs, unmounted at the end."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)):
        pytest.skip("mounting a tmpfs is not allowed here (it needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.fixture
def disk_env(small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A user whose collection, config and decks are on the small disk."""
    (small_disk / "decks").mkdir()
    (small_disk / "decks" / "deck.toml").write_text(GOOD_DECK, encoding="utf-8")
    (small_disk / "config.toml").write_text("builtin_decks = false\n")
    env = {
        "FLYWHEEL_DB": str(small_disk / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(small_disk / "config.toml"),
        "FLYWHEEL_DECKS": str(small_disk / "decks"),
        "FLYWHEEL_TODAY": "2026-01-15",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def test_a_full_disk_is_named_and_nothing_is_lost(
    disk_env: dict[str, str], small_disk: Path
) -> None:
    answered_once(disk_env)
    filler = small_disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    for command in (["answer", "test/pair#fwd", "4"], ["due"]):
        result = flywheel(*command, env=disk_env)
        assert result.returncode == 2
        assert result.stderr == (
            f"flywheel: {disk_env['FLYWHEEL_DB']}: disk full (the disk holding {small_disk} "
            "has no space left); nothing was written: free some space and try again\n"
        )
    assert review_log(disk_env["FLYWHEEL_DB"]) == [("test/capital#fwd", 4)]
    filler.unlink()
    assert flywheel("answer", "test/pair#fwd", "4", env=disk_env).returncode == 0
    assert len(review_log(disk_env["FLYWHEEL_DB"])) == 2


async def test_a_read_only_mount_is_read_and_never_written(
    disk_env: dict[str, str], small_disk: Path
) -> None:
    answered_once(disk_env)
    if not mount("-o", "remount,ro", str(small_disk)):
        pytest.skip("remounting read-only is not allowed here")
    db = disk_env["FLYWHEEL_DB"]
    warning = (
        f"flywheel: warning: {db}: read-only: it is read as it is; deck file changes are not "
        "taken in, and nothing can be recorded\n"
    )
    due = flywheel("due", env=disk_env)
    assert due.returncode == 0, due.stderr
    assert "2 cards in today's queue" in due.stdout
    assert due.stderr == warning
    stats = flywheel("stats", "--json", env=disk_env)
    assert stats.returncode == 0, stats.stderr
    answer = flywheel("answer", "test/pair#fwd", "4", env=disk_env)
    assert answer.returncode == 2
    assert answer.stderr.startswith(
        f"flywheel: {db}: read-only (the file or its folder cannot be written); nothing was "
        "written\n"
    )
    assert review_log(db) == [("test/capital#fwd", 4)]
    with Store.open(Path(db), Limits()) as store:
        assert store.read_only
        await review_reads(store)


async def review_reads(store: Store) -> None:
    """The review shows the next card from the read-only collection; a grade says why it is
    not recorded, and the review goes on."""
    from tests.tui.conftest import TODAY, frozen_clock, screen_text, synced
    from tui.app.app import make_app
    from tui.app.widgets.status_line import StatusLine

    app = make_app(
        store, today=TODAY, clock=frozen_clock, deck_files=list, environ={}, start="review"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await synced(pilot)
        assert "flywheel" in screen_text(app) or "Korea" in screen_text(app)
        await pilot.press("space")
        await pilot.press("4")
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        assert status.message.startswith("Not recorded: ")
        assert "read-only (the file or its folder cannot be written)" in status.message

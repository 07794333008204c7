"""A damaged collection: values of the wrong kind, zeroed pages, a lock held too long.

Every command answers with one line instead of a traceback, nothing is written to a damaged
file once the damage is seen, and `doctor --repair` brings back everything still readable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cards.store import database as db
from cards.store.damage import mark_path
from cards.store.store import Store
from cards.store.stored import DamagedValue
from tests.conftest import GOOD_DECK, flywheel
from tests.sql import sql
from tui.commands.cli import main

COMMANDS = (
    ["due"],
    ["stats"],
    ["answer", "test/capital#fwd", "4"],
    ["undo"],
    ["bury", "test/pair#fwd"],
)


@pytest.fixture
def env(
    isolated_env: dict[str, str], tmp_path: Path, write_deck: Callable[..., Path]
) -> dict[str, str]:
    write_deck(GOOD_DECK)
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    for card in ("test/capital#fwd", "test/pair#fwd", "test/cloze#c1"):
        assert flywheel("answer", card, "4", env=isolated_env).returncode == 0
    return isolated_env


def execute(env: dict[str, str], sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        rows = connection.execute(sql).fetchall()
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return rows


def zero_page_of(env: dict[str, str], name: str) -> None:
    """Overwrite the b-tree page holding `name` (a small table or index: its root) with zeros."""
    ((page,),) = execute(env, f"SELECT rootpage FROM sqlite_schema WHERE name = '{name}'")
    ((size,),) = execute(env, "PRAGMA page_size")
    with open(env["FLYWHEEL_DB"], "r+b") as file:
        file.seek((int(page) - 1) * int(size))  # type: ignore[call-overload]
        file.write(b"\0" * int(size))  # type: ignore[call-overload]


def one_line(result: object, code: int = 2) -> str:
    stderr = getattr(result, "stderr", "")
    assert getattr(result, "returncode", None) == code, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE review_log SET day = 'garbage'",
        "UPDATE review_log SET answered_at = 'noon'",
        "UPDATE review_log SET interval_after = 'long'",
    ],
)
def test_a_damaged_log_value_is_one_line_everywhere_and_doctor_names_the_row(
    env: dict[str, str], sql: str
) -> None:
    execute(env, sql)
    stderr = one_line(flywheel("undo", env=env))  # takes back the answer: reads its log row
    assert "the collection holds a damaged value" in stderr
    assert "run `flywheel doctor`" in stderr
    for command in COMMANDS:
        result = flywheel(*command, env=env)
        assert "Traceback" not in result.stderr
        if result.returncode != 0:
            one_line(result)
    result = flywheel("doctor", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "damaged: review_log row 1 (test/capital#fwd)" in result.stdout
    assert "the review log itself is damaged" in result.stdout


def test_damaged_card_values_are_rebuilt_from_the_log(env: dict[str, str]) -> None:
    execute(
        env,
        "UPDATE card SET due = 'zz', interval = 'x', buried_until = 'soon' "
        "WHERE id = 'test/capital#fwd'",
    )
    one_line(flywheel("answer", "test/pair#fwd", "4", env=env))
    result = flywheel("doctor", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "schedule: test/capital#fwd: interval x (the log gives 1), due zz" in result.stdout
    assert "schedule: test/capital#fwd: buried_until 'soon' is not a day" in result.stdout
    assert flywheel("doctor", "--repair", env=env).returncode == 0
    assert flywheel("doctor", env=env).returncode == 0
    assert flywheel("due", env=env).returncode == 0


def test_a_zeroed_page_stops_every_write_until_repaired(env: dict[str, str]) -> None:
    database = Path(env["FLYWHEEL_DB"])
    zero_page_of(env, "review_log")
    assert "the database is damaged" in one_line(flywheel("undo", env=env))
    assert mark_path(database).exists()
    before = database.read_bytes()
    for command in COMMANDS:
        assert "nothing is written to it until" in one_line(flywheel(*command, env=env))
    assert database.read_bytes() == before
    result = flywheel("doctor", env=env)
    assert (result.returncode, result.stderr) == (1, "")
    assert "integrity: database disk image is malformed" in result.stdout
    result = flywheel("doctor", "--repair", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "copied the readable rows" in result.stdout
    assert "3 rows of note" in result.stdout
    assert "0 rows of review_log" in result.stdout
    assert "note_words" not in result.stdout  # an index, filled again from the rows, not copied
    (kept,) = database.parent.glob("collection.sqlite3.damaged-*[0-9]")
    assert kept.read_bytes() == before
    assert not mark_path(database).exists()
    assert flywheel("doctor", env=env).returncode == 0
    assert flywheel("answer", "test/capital#fwd", "4", env=env).returncode == 0
    with Store.open(database) as store:  # browse's word index holds the copied notes' words
        assert store.browse_search("seoul", date(2026, 1, 15)).card_ids == ["test/capital#fwd"]
        assert store.browse_search("wheel", date(2026, 1, 15)).card_ids == [
            "test/pair#fwd",
            "test/pair#rev",
        ]


def test_a_zeroed_index_page_is_rebuilt_and_no_answer_is_lost(env: dict[str, str]) -> None:
    zero_page_of(env, "review_log_card")
    result = flywheel("doctor", env=env)
    assert result.returncode == 1
    assert "integrity:" in result.stdout
    assert flywheel("due", env=env).returncode == 2
    result = flywheel("doctor", "--repair", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 rows of review_log" in result.stdout
    assert execute(env, "SELECT card_id FROM review_log ORDER BY id") == [
        ("test/capital#fwd",),
        ("test/pair#fwd",),
        ("test/cloze#c1",),
    ]
    assert flywheel("due", env=env).returncode == 0


def test_a_lock_held_too_long_names_another_flywheel(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(env["FLYWHEEL_DB"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["answer", "test/capital#fwd", "3"]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "another Flywheel is writing to the collection" in err
    assert "try again in a moment" in err


def test_a_damaged_due_day_stops_an_export_with_one_line(env: dict[str, str]) -> None:
    execute(env, "UPDATE card SET due = 'zz' WHERE id = 'test/capital#fwd'")
    package = Path(env["FLYWHEEL_DB"]).parent / "out.apkg"
    stderr = one_line(flywheel("export", "-o", str(package), env=env))
    assert "the collection holds a damaged value (due 'zz')" in stderr
    assert not package.exists()


def test_doctor_names_a_damaged_imported_due_day(env: dict[str, str]) -> None:
    execute(
        env,
        "INSERT INTO imported_state (card_id, repetitions, easiness_pct, interval, due, "
        "reviews, lapses) VALUES ('test/pair#fwd', 2, 250, 6, 'soon', 2, 0)",
    )
    result = flywheel("doctor", env=env)
    assert (result.returncode, result.stderr) == (1, "")
    assert "damaged: imported_state row" in result.stdout
    assert "(test/pair#fwd)" in result.stdout
    result = flywheel("doctor", "--repair", env=env)
    assert (result.returncode, result.stderr) == (1, "")
    assert "restore a backup of the database" in result.stdout


def test_a_damaged_due_day_is_named_when_a_sync_with_anki_reads_the_schedules(
    store: Store,
) -> None:
    from cards.anki.sync.ledger import card_schedules

    store.answer("test/capital#fwd", 4, date(2026, 1, 15), datetime(2026, 1, 15, 9, tzinfo=UTC))
    with sql(store) as db:
        db.execute("UPDATE card SET due = 'zz' WHERE id = 'test/capital#fwd'")
        with pytest.raises(DamagedValue, match="due 'zz'"):
            card_schedules(db)

"""A day's queue holds at most one card of a note, and every card it lists can be answered."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from cards.store.store import Store
from tests.sql import run_sql
from tui.commands.cli import main

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, tzinfo=UTC)


def queued(store: Store, day: date = DAY) -> list[str]:
    return [item.card_id for item in store.queue(day)]


def test_two_due_siblings_never_share_a_day(store: Store) -> None:
    day = DAY + timedelta(days=2)
    run_sql(  # both seen before, both due on the same day (e.g. after a break)
        store,
        "UPDATE card SET reviews = 1, repetitions = 1, interval = 1, due = ? "
        "WHERE note_id = 'test/pair'",
        (day.isoformat(),),
    )
    assert [c for c in queued(store, day) if c.startswith("test/pair")] == ["test/pair#fwd"]
    store.answer("test/pair#fwd", 4, day, NOW)
    assert "test/pair#rev" not in queued(store, day)
    assert "test/pair#rev" in queued(store, day + timedelta(days=1))


def test_a_failed_cards_sibling_stays_out_while_it_is_drilled(store: Store) -> None:
    store.answer("test/cloze#c1", 1, DAY, NOW)
    assert [c for c in queued(store) if c.startswith("test/cloze")] == ["test/cloze#c1"]


@pytest.mark.parametrize("action", ["suspend", "bury"])
def test_a_card_put_aside_today_keeps_its_siblings_for_tomorrow(store: Store, action: str) -> None:
    if action == "suspend":
        store.set_suspended("test/cloze#c1", True, DAY)
    else:
        store.bury("test/cloze#c1", DAY)
    assert not any(c.startswith("test/cloze") for c in queued(store))
    tomorrow = [c for c in queued(store, DAY + timedelta(days=1)) if c.startswith("test/cloze")]
    assert tomorrow == ["test/cloze#c2" if action == "suspend" else "test/cloze#c1"]


def test_unsuspending_brings_the_card_itself_back_today(store: Store) -> None:
    store.set_suspended("test/capital#fwd", True, DAY)
    store.set_suspended("test/capital#fwd", False, DAY)
    assert queued(store)[0] == "test/capital#fwd"


def test_undoing_the_answer_frees_the_siblings_again(store: Store) -> None:
    store.answer("test/pair#fwd", 4, DAY, NOW)
    store.undo()
    assert "test/pair#fwd" in queued(store)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out + captured.err


def test_ten_study_days_of_the_built_in_decks_answering_every_listed_card(
    isolated_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the command line, as a script would: `due --json`, then `answer` each in order."""
    answered = 0
    for offset in range(10):
        day = (DAY + timedelta(days=offset)).isoformat()
        notes_today: Counter[str] = Counter()
        while True:
            status, out = cli(capsys, "due", "--json", "--today", day)
            assert status == 0, out
            listed = json.loads(out)
            if not listed:
                break
            assert len({item["note"] for item in listed}) == len(listed), listed
            for item in listed:
                if item["kind"] != "drill":
                    notes_today[item["note"]] += 1
                roll = zlib.crc32(f"{item['id']}/{day}".encode()) % 6
                grade = 4 if item["kind"] == "drill" else (1, 3, 4, 4, 5, 5)[roll]
                status, out = cli(capsys, "answer", item["id"], str(grade), "--today", day)
                assert status == 0, f"{day}: {item['id']} refused: {out}"
                answered += 1
        twice = [note for note, count in notes_today.items() if count > 1]
        assert twice == [], f"{day}: two cards of one note: {twice}"
    assert answered > 200

"""Answers both ways: Flywheel's reach the phone, the phone's come back, SM-2 schedules both."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from anki.scheduler.v3 import CardAnswer

from cards.anki.export_notes import note_guid
from cards.schedule.card_schedules import BUTTON_FOR_GRADE
from tests.syncing.conftest import Desk
from tests.syncing.support import Phone, flywheel

pytestmark = pytest.mark.anki

START = date(2026, 3, 2)
ORDINALS = {"fwd": 0, "rev": 1, "c1": 0, "c2": 1}


def _due_cards(capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert flywheel("due", "--json") == 0
    return [item["id"] for item in json.loads(capsys.readouterr().out)]


def _flywheel_cards(desk: Desk) -> dict[str, tuple[Any, ...]]:
    """Each reviewed card: interval, easiness, reviews, lapses."""
    with sqlite3.connect(desk.db) as connection:
        rows = connection.execute(
            "SELECT id, interval, easiness_pct, reviews, lapses FROM card WHERE reviews > 0"
        ).fetchall()
    return {row[0]: row[1:] for row in rows}


def _log(desk: Desk) -> list[tuple[Any, ...]]:
    with sqlite3.connect(desk.db) as connection:
        return connection.execute(
            "SELECT card_id, answered_at, grade, drill FROM review_log ORDER BY id"
        ).fetchall()


def _phone_card(phone: Phone, card_id: str) -> Any:
    note_id, template = card_id.split("#")
    return phone.card_of(note_guid(note_id), ORDINALS[template])


def _check_agreement(desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]) -> None:
    """Flywheel's log is sound, every answer is on the phone once, the phone shows SM-2."""
    capsys.readouterr()
    assert flywheel("doctor") == 0, capsys.readouterr()
    log = _log(desk)
    assert len(phone.revlog()) == len(log)
    assert len({row[0] for row in phone.revlog()}) == len(log)
    for card_id, (interval, easiness, reviews, lapses) in _flywheel_cards(desk).items():
        card = _phone_card(phone, card_id)
        assert (card.type, card.ivl, card.factor, card.reps, card.lapses) == (
            2,
            max(interval, 1),
            easiness * 10,
            reviews,
            lapses,
        ), card_id


def test_answers_cross_both_ways_and_the_phone_shows_sm2s_interval(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    phone.sync()
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    assert flywheel("sync") == 0
    phone.sync()
    [(_, cid, button)] = phone.revlog()
    assert cid == _phone_card(phone, "sync/one#fwd").id
    assert button == BUTTON_FOR_GRADE[4]
    assert _phone_card(phone, "sync/one#fwd").ivl == 1

    answered = phone.answer_queue(CardAnswer.GOOD)
    assert len(answered) == 5  # the other new cards; sync/one is due tomorrow
    phone.sync()
    capsys.readouterr()
    assert flywheel("sync") == 0
    assert "5 answers taken from Anki" in capsys.readouterr().out
    log = _log(desk)
    assert [grade for _, _, grade, _ in log] == [4] * 6
    phone.sync()
    _check_agreement(desk, phone, capsys)
    assert flywheel("stats") == 0
    assert "6" in capsys.readouterr().out


def test_eight_study_days_alternating_devices(
    desk: Desk, phone: Phone, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    phone.sync()
    ratings = [CardAnswer.GOOD, CardAnswer.AGAIN, CardAnswer.EASY, CardAnswer.HARD]
    grades = ["4", "2", "5", "3"]
    for day in range(8):
        monkeypatch.setenv("FLYWHEEL_TODAY", (START + timedelta(days=day)).isoformat())
        if day % 2 == 0:
            for number, card_id in enumerate(_due_cards(capsys)):
                assert flywheel("answer", card_id, grades[(day + number) % 4]) == 0
            assert flywheel("sync") == 0
            phone.sync()
        else:
            assert flywheel("sync") == 0  # the phone's day starts with the latest schedule
            phone.sync()
            answered = phone.answer_queue(ratings[day % 4])
            assert answered
            phone.sync()
            assert flywheel("sync") == 0
            phone.sync()
        _check_agreement(desk, phone, capsys)
    log = _log(desk)
    assert len({row[1] for row in log}) == len(log)
    assert _in_time_order_per_card(log)
    assert {row[2] for row in log} >= {1, 3, 4, 5}  # every button came through


def _in_time_order_per_card(log: list[tuple[Any, ...]]) -> bool:
    by_card: dict[str, list[str]] = {}
    for card_id, moment, _, _ in log:
        by_card.setdefault(card_id, []).append(moment)
    return all(moments == sorted(moments) for moments in by_card.values())


def test_answers_on_one_day_on_both_devices_are_kept_in_time_order(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    phone.sync()
    # The phone answers first, unsynced; then Flywheel answers the same card, then both sync.
    phone.answer_queue(CardAnswer.AGAIN, limit=1)
    [(_, phone_cid, _)] = phone.revlog()
    card_id = "sync/one#fwd"  # the first new card in deck-file order, on either device
    assert _phone_card(phone, card_id).id == phone_cid
    assert flywheel("answer", card_id, "5") == 0
    phone.sync()
    assert flywheel("sync") == 0
    log = _log(desk)
    assert [(row[2], row[3]) for row in log] == [(1, 0), (5, 1)]  # grade, drill
    phone.sync()
    _check_agreement(desk, phone, capsys)
    assert _flywheel_cards(desk)[card_id][0] == 1  # the day's first answer (Again) scheduled it

"""The answer rule on its own: a grade gives the next schedule and the log entry that records it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from cards.errors import FlywheelError
from cards.schedule import sm2
from cards.schedule.answering import Schedule, apply_answer, next_schedule, undo_answer
from cards.schedule.study_time import ANSWER_SECONDS_CAP
from cards.store.store import Store

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 30, 12, 345678, tzinfo=UTC)
NEW = Schedule(sm2.SM2State())


def test_an_answer_gives_the_schedule_and_its_log_entry() -> None:
    after, entry = apply_answer(
        "deck/note#fwd", NEW, 4, DAY, NOW, drill=False, leech_threshold=8, seconds=7.26
    )
    assert after == Schedule(sm2.SM2State(1, 250, 1, date(2026, 1, 16)), reviews=1)
    assert entry.id == 0  # not written yet
    assert (entry.card_id, entry.day, entry.grade, entry.drill) == ("deck/note#fwd", DAY, 4, False)
    assert (entry.before, entry.after) == (NEW.sm2, after.sm2)
    assert entry.answered_at == datetime(2026, 1, 15, 9, 30, 12, 345000, tzinfo=UTC)
    assert entry.seconds == 7.3
    assert not entry.made_leech


def test_a_golden_sequence_of_grades() -> None:
    """5, 5, 5, 2, 4 from a new card, each answered the day it fell due."""
    schedule, day, seen = NEW, DAY, []
    for grade in (5, 5, 5, 2, 4):
        schedule, entry = apply_answer(
            "c", schedule, grade, day, NOW, drill=False, leech_threshold=8
        )
        assert entry.after == schedule.sm2
        seen.append((schedule.sm2.interval, schedule.sm2.easiness_pct))
        day = day + timedelta(days=schedule.sm2.interval)
    assert seen == [(1, 260), (6, 270), (17, 280), (1, 248), (1, 248)]
    assert (schedule.reviews, schedule.lapses, schedule.leech) == (5, 1, False)


def test_the_lapse_that_reaches_the_threshold_makes_a_leech_once() -> None:
    before = Schedule(sm2.SM2State(3, 200, 10, DAY), reviews=9, lapses=2)
    after, entry = apply_answer("c", before, 1, DAY, NOW, drill=False, leech_threshold=3)
    assert (after.lapses, after.leech, entry.made_leech) == (3, True, True)
    relearned = replace(after, sm2=sm2.SM2State(1, 200, 1, DAY))
    again, entry = apply_answer("c", relearned, 1, DAY, NOW, drill=False, leech_threshold=3)
    assert (again.lapses, again.leech, entry.made_leech) == (4, True, False)
    never, entry = apply_answer("c", before, 1, DAY, NOW, drill=False, leech_threshold=None)
    assert (never.leech, entry.made_leech) == (False, False)


def test_a_drill_answer_is_logged_and_leaves_the_schedule() -> None:
    before = Schedule(sm2.SM2State(0, 236, 1, DAY + timedelta(days=1)), reviews=1, lapses=1)
    after, entry = apply_answer("c", before, 2, DAY, NOW, drill=True, leech_threshold=1)
    assert after == before
    assert entry.drill
    assert entry.before == entry.after == before.sm2
    assert not entry.made_leech


def test_the_time_on_a_question_is_capped() -> None:
    _, entry = apply_answer("c", NEW, 4, DAY, NOW, drill=False, leech_threshold=8, seconds=1e9)
    assert entry.seconds == ANSWER_SECONDS_CAP
    _, untimed = apply_answer("c", NEW, 4, DAY, NOW, drill=False, leech_threshold=8)
    assert untimed.seconds is None


@pytest.mark.parametrize("drill", [False, True])
@pytest.mark.parametrize("grade", [-1, 6])
def test_a_grade_out_of_range_is_refused(grade: int, drill: bool) -> None:
    with pytest.raises(ValueError, match="grade"):
        apply_answer("c", NEW, grade, DAY, NOW, drill=drill, leech_threshold=8)


def test_the_preview_rule_is_the_answer_rule_without_the_leech() -> None:
    before = Schedule(sm2.SM2State(2, 250, 6, DAY), reviews=2, lapses=7)
    for grade in range(6):
        answered, _ = apply_answer("c", before, grade, DAY, NOW, drill=False, leech_threshold=None)
        assert next_schedule(before, grade, DAY) == answered


def test_undo_gives_back_the_schedule_an_answer_started_from() -> None:
    before = Schedule(sm2.SM2State(3, 200, 10, DAY), reviews=9, lapses=2)
    after, entry = apply_answer("c", before, 1, DAY, NOW, drill=False, leech_threshold=3)
    assert undo_answer(after, entry.before, entry.grade, entry.made_leech) == before


def test_a_bad_grade_reads_the_same_from_sm2_the_store_and_the_command_line(store: Store) -> None:
    expected = "grade must be a whole number from 0 to 5, got 6"
    with pytest.raises(ValueError, match=expected):
        sm2.review(sm2.SM2State(), 6, DAY)
    with pytest.raises(FlywheelError, match=expected):
        store.answer("test/capital#fwd", 6, DAY, NOW)
    with pytest.raises(ValueError, match=expected.replace("6", "'6'")):
        sm2.grade_from_text("6")
    assert [sm2.grade_from_text(text) for text in ("0", " 5 ", "004")] == [0, 5, 4]
    for typed in ("4.0", "+4", "-1", "\uff14", ""):
        with pytest.raises(ValueError, match="grade must be a whole number"):
            sm2.grade_from_text(typed)

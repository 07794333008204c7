"""A lapse is forgetting something learned: failing a card whose last scheduled answer passed.

A new card failed at first sight, or a card failed again while it is being learned or relearned
(its streak of passing answers still 0), is no lapse, as in Anki, which counts lapses on review
cards only; so only lapses lead to the leech limit.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cards.schedule import sm2
from cards.schedule.answering import Schedule, apply_answer, undo_answer
from cards.schedule.queue import Limits
from cards.store.doctor import diagnose
from cards.store.store import Store
from tests.old_schema import take_back_to
from tests.sql import sql

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
NEW = Schedule(sm2.SM2State())


def answered(schedule: Schedule, grades: list[int], threshold: int | None = 2) -> Schedule:
    """`schedule` after `grades`, each given on the day the card fell due."""
    day = DAY
    for grade in grades:
        schedule, _ = apply_answer(
            "c", schedule, grade, day, NOW, drill=False, leech_threshold=threshold
        )
        day = schedule.sm2.due or day
    return schedule


def test_a_new_card_failed_at_first_sight_is_no_lapse() -> None:
    after = answered(NEW, [1])
    assert (after.reviews, after.lapses, after.leech) == (1, 0, False)


def test_failing_again_while_learning_or_relearning_is_no_lapse() -> None:
    learning = answered(NEW, [0, 1, 2, 0])
    assert (learning.reviews, learning.lapses, learning.leech) == (4, 0, False)
    relearning = answered(NEW, [4, 1, 1, 0])
    assert (relearning.reviews, relearning.lapses, relearning.leech) == (4, 1, False)


def test_each_forgetting_of_a_learned_card_is_a_lapse_and_the_threshold_makes_a_leech() -> None:
    after = answered(NEW, [1, 4, 2, 2, 3, 0])
    assert (after.lapses, after.leech) == (2, True)


def test_undo_of_a_failure_at_first_sight_leaves_the_lapses() -> None:
    before = Schedule(sm2.SM2State(0, 236, 1, DAY), reviews=3, lapses=1)
    after, entry = apply_answer("c", before, 0, DAY, NOW, drill=False, leech_threshold=2)
    assert after.lapses == 1
    assert undo_answer(after, entry.before, entry.grade, entry.made_leech) == before


def test_a_collection_counted_the_old_way_is_counted_again_on_opening(
    tmp_path: Path, deck: Path
) -> None:
    """Lapses stored when every failure counted are taken again from the log, so doctor finds
    the collection healthy (a leech made then stays one: the log records it)."""
    path = tmp_path / "x.db"
    with Store.open(path, Limits(leech_threshold=8)) as store:
        store.sync([deck])
        store.answer("test/capital#fwd", 1, DAY, NOW)  # new: no lapse
        day = DAY + timedelta(days=1)
        store.answer("test/capital#fwd", 4, day, NOW + timedelta(days=1))
        day += timedelta(days=1)
        store.answer("test/capital#fwd", 0, day, NOW + timedelta(days=2))  # a lapse
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE card SET lapses = 2 WHERE id = 'test/capital#fwd'")
    take_back_to(path, 15)  # before lapses were counted again
    with Store.open(path) as store:
        state = store.state("test/capital#fwd")
        assert state is not None
        assert state.lapses == 1
        with sql(store) as db:
            assert diagnose(db) == []

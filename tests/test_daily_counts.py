"""The figures a user reads each day agree with each other: today's answers apart from all of
them, each card counted once, the forecast's today as the queue's, a sitting's counter and time
as the log has them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cards.schedule.queue import Limits
from cards.store.session import ReviewSession
from cards.store.store import Store
from tests.conftest import flywheel

DAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_stats_count_todays_answers_apart_from_all(env: dict[str, str]) -> None:
    assert (
        flywheel("answer", "test/capital#fwd", "4", "--today", "2026-03-01", env=env).returncode
        == 0
    )
    for card in ("test/pair#fwd", "test/cloze#c1"):
        assert flywheel("answer", card, "5", "--today", "2026-03-02", env=env).returncode == 0
    result = flywheel("stats", "--today", "2026-03-02", env=env)
    assert result.returncode == 0, result.stderr
    assert "answers today: 2" in result.stdout
    assert "answers logged in all: 3" in result.stdout
    stats = flywheel("stats", "--json", "--today", "2026-03-02", env=env)
    assert '"answers_today": 2' in stats.stdout


def test_a_suspended_card_counts_once_and_the_forecast_agrees_with_the_queue(
    tmp_path: Path, deck: Path
) -> None:
    with Store.open(tmp_path / "c.sqlite3", Limits()) as store:
        store.sync([deck])
        store.answer("test/pair#fwd", 5, DAY - timedelta(days=1), NOON - timedelta(days=1))
        store.answer("test/capital#fwd", 5, DAY - timedelta(days=1), NOON - timedelta(days=1))
        store.set_suspended("test/cloze#c1", True, DAY)
        store.bury("test/capital#fwd", DAY)  # due today, but out of today's queue
        stats = store.stats(DAY)
        cards = len(store.browse_rows())
        assert sum(stats.maturity.values()) == cards
        assert stats.maturity["suspended"] == 1
        assert stats.due == 1
        assert stats.forecast[0] == stats.due


def test_a_sitting_forgets_an_answer_taken_back_elsewhere(tmp_path: Path, deck: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Store.open(path, Limits()) as store:
        store.sync([deck])
        session = ReviewSession(store, DAY, lambda: NOON)
        session.answer(5, 4.0)
        session.answer(3, 6.0)
        assert session.done == 2
        with Store.open(path, Limits()) as other:  # `flywheel undo` in another window
            assert other.undo() is not None
        # The next answer, given before the sitting looked again, may take the log row number
        # the undone one had: the undone answer is still forgotten.
        session.answer(4, 2.0)
        assert session.done == 2
        summary = session.summary()
        assert summary.reviewed == 2
        assert summary.grades == {0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
        assert summary.answering_seconds == 6.0

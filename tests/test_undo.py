"""Undo takes back exactly the latest action, of the sitting that asks, or nothing at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cards.errors import FlywheelError
from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.conftest import GOOD_DECK, flywheel

DAY = date(2026, 1, 15)
NOW = datetime(2026, 1, 15, 9, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path, write_deck: Callable[..., Path]) -> Path:
    path = tmp_path / "c.db"
    with Store.open(path, Limits()) as store:
        store.sync([write_deck(GOOD_DECK)])
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db) as store:
        yield store


def test_undo_after_suspend_takes_back_the_suspension_not_the_grade(store: Store) -> None:
    store.answer("test/capital#fwd", 4, DAY, NOW)
    store.set_suspended("test/pair#fwd", True, DAY)
    undone = store.undo(own=True)
    assert undone is not None
    assert undone.describe() == "the suspension of test/pair#fwd"
    assert not store.state("test/pair#fwd").suspended  # type: ignore[union-attr]
    assert len(store.history("test/capital#fwd")) == 1


def test_undo_after_bury_restores_the_card_to_today(store: Store) -> None:
    store.answer("test/capital#fwd", 4, DAY, NOW)
    store.bury("test/pair#fwd", DAY)
    undone = store.undo(own=True)
    assert undone is not None
    assert undone.action.kind == "bury"
    assert store.state("test/pair#fwd").buried_until is None  # type: ignore[union-attr]
    assert "test/pair#fwd" in [item.card_id for item in store.queue(DAY)]
    assert len(store.history("test/capital#fwd")) == 1


def test_undo_after_unsuspend_suspends_again(store: Store) -> None:
    store.set_suspended("test/pair#fwd", True, DAY)
    store.set_suspended("test/pair#fwd", False, DAY)
    store.undo()
    assert store.state("test/pair#fwd").suspended  # type: ignore[union-attr]
    store.undo()
    assert not store.state("test/pair#fwd").suspended  # type: ignore[union-attr]
    assert store.undo() is None


def test_a_sittings_undo_leaves_another_processes_answer(db: Path) -> None:
    with Store.open(db) as sitting, Store.open(db) as script:
        sitting.answer("test/capital#fwd", 4, DAY, NOW)
        script.answer("test/pair#fwd", 5, DAY, NOW + timedelta(seconds=1))
        undone = sitting.undo(own=True)
        assert undone is not None
        assert undone.action.card_id == "test/capital#fwd"
        assert sitting.history("test/capital#fwd") == []
        assert len(sitting.history("test/pair#fwd")) == 1
        assert sitting.undo(own=True) is None


def test_undo_refuses_when_the_card_changed_since(db: Path) -> None:
    with Store.open(db) as sitting, Store.open(db) as script:
        sitting.answer("test/capital#fwd", 1, DAY, NOW)
        script.answer("test/capital#fwd", 4, DAY, NOW)  # the drill answer, from elsewhere
        with pytest.raises(FlywheelError, match="changed after"):
            sitting.undo(own=True)
        assert len(sitting.history("test/capital#fwd")) == 2


def test_undo_of_a_leech_answer_unsuspends_and_unmarks(tmp_path: Path, db: Path) -> None:
    with Store.open(db, Limits(leech_threshold=1)) as store:
        store.answer("test/capital#fwd", 4, DAY, NOW)
        later = DAY + timedelta(days=1)
        store.answer("test/capital#fwd", 0, later, NOW + timedelta(days=1))  # forgotten
        assert store.state("test/capital#fwd").leech  # type: ignore[union-attr]
        before = store.state("test/pair#fwd")
        store.undo()
        state = store.state("test/capital#fwd")
        assert state is not None
        assert not state.leech
        assert not state.suspended
        assert (state.reviews, state.lapses) == (1, 0)
        assert store.state("test/pair#fwd") == before


def test_flywheel_undo_after_suspend_unsuspends(env: dict[str, str]) -> None:
    assert flywheel("answer", "test/capital#fwd", "4", env=env).returncode == 0
    assert flywheel("suspend", "test/pair#fwd", env=env).returncode == 0
    result = flywheel("undo", env=env)
    assert result.stdout == "undid the suspension of test/pair#fwd\n"
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        assert not store.state("test/pair#fwd").suspended  # type: ignore[union-attr]
        assert len(store.history("test/capital#fwd")) == 1


def test_flywheel_undo_with_a_card_refuses_another_cards_action(env: dict[str, str]) -> None:
    flywheel("answer", "test/capital#fwd", "4", env=env)
    flywheel("bury", "test/pair#fwd", env=env)
    result = flywheel("undo", "test/capital#fwd", env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "flywheel: the latest action is the burial of test/pair#fwd, not one on "
        "test/capital#fwd; nothing undone\n"
    )
    assert flywheel("undo", "test/pair#fwd", env=env).returncode == 0
    assert flywheel("undo", "test/capital#fwd", env=env).stdout == (
        "undid grade 4 good for test/capital#fwd\n"
    )

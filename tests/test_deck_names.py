"""Deck names match one way everywhere: case-folded over all of Unicode, a deck with its
subdecks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cards.decks.vocabulary import in_deck
from cards.schedule.deck_limits import DeckLimit
from cards.schedule.queue import Limits
from cards.store.database import connect
from cards.store.store import Store
from cards.store.stored import DamagedValue
from tests.conftest import flywheel
from tests.old_schema import take_back_to
from tests.sql import sql

DAY = date(2026, 1, 15)


def write_decks(folder: Path) -> list[Path]:
    """`Ärger` (two notes) and its subdeck `Ärger::Übel` (one), beside `Other` (one)."""
    folder.mkdir(exist_ok=True)
    files = []
    for slug, name, count in (("a", "Ärger", 2), ("b", "Ärger::Übel", 1), ("o", "Other", 1)):
        notes = "".join(
            f'\n[[notes]]\nid = "{slug}/n{n}"\nen.front = "{slug} {n}?"\nen.back = "x"\n'
            for n in range(count)
        )
        path = folder / f"{slug}.toml"
        path.write_text(f'name = "{name}"\n{notes}', encoding="utf-8")
        files.append(path)
    return files


def test_the_python_rule_folds_every_letter() -> None:
    assert in_deck("Ärger", "ärger")
    assert in_deck("Ärger::Übel", "ÄRGER")
    assert in_deck("Straße", "STRASSE")
    assert not in_deck("Ärgernis", "ärger")


def test_due_for_a_deck_named_in_other_case_lists_its_cards(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    write_decks(tmp_path / "decks")
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    assert flywheel("check", env=isolated_env).returncode == 0
    listed = {}
    for name in ("Ärger", "ärger", "ÄRGER::übel"):
        result = flywheel("due", "--json", "--deck", name, env=isolated_env)
        assert result.returncode == 0, result.stderr
        listed[name] = sorted(item["id"] for item in json.loads(result.stdout))
    assert listed["Ärger"] == ["a/n0#fwd", "a/n1#fwd", "b/n0#fwd"]
    assert listed["ärger"] == listed["Ärger"]
    assert listed["ÄRGER::übel"] == ["b/n0#fwd"]


def test_a_deck_limit_named_in_other_case_caps_the_deck(tmp_path: Path) -> None:
    limits = Limits(decks=(DeckLimit("ärger", new_per_day=1),))
    with Store.open(tmp_path / "c.sqlite3", limits) as store:
        store.sync(write_decks(tmp_path / "decks"))
        decks = [item.deck for item in store.queue(DAY)]
    assert sorted(decks) == ["Other", "Ärger"]


def test_an_older_collection_learns_its_folded_deck_names(tmp_path: Path) -> None:
    """A collection synced before names were stored folded matches them at once after the
    upgrade, before any deck file is read again."""
    path = tmp_path / "c.sqlite3"
    files = write_decks(tmp_path / "decks")
    with Store.open(path) as store:
        store.sync(files)
    take_back_to(path, 12)
    connect(path).close()
    with Store.open(path) as store:
        assert len(store.queue(DAY, "ärger")) == 3


def test_the_comparison_reads_a_deck_named_in_other_case(tmp_path: Path) -> None:
    from cards.compare.events import read_history

    with Store.open(tmp_path / "c.sqlite3") as store:
        store.sync(write_decks(tmp_path / "decks"))
        for item in store.queue(DAY):
            store.answer(item.card_id, 4, DAY, datetime(2026, 1, 15, 9, tzinfo=UTC))
        with sql(store) as db:
            history = read_history(db, "ärger")
            assert sorted(history.card_ids) == ["a/n0#fwd", "a/n1#fwd", "b/n0#fwd"]
            db.execute("UPDATE review_log SET day = '2026-01-1x' WHERE id = 1")
            with pytest.raises(DamagedValue, match="day '2026-01-1x'"):
                read_history(db, "ärger")

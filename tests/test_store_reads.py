"""Reads see committed data only, whatever a write in progress (a sync worker, say) holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.conftest import GOOD_DECK
from tests.sql import watched

DAY = date(2026, 1, 15)


def test_reads_do_not_see_a_write_that_is_rolled_back(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    with watched(tmp_path / "c.db") as (store, writer):
        store.sync([write_deck(GOOD_DECK)])
        before = (
            store.queue(DAY),
            store.card_totals(),
            [row.flags(DAY) for row in store.browse_rows()],
            store.stats(DAY).new,
            store.state("test/capital#fwd"),
        )
        writer.execute("BEGIN IMMEDIATE")  # as the edit-resync worker does, mid-transaction
        writer.execute("UPDATE card SET suspended = 1")
        writer.execute("UPDATE deck_file SET cards = 99")
        during = (
            store.queue(DAY),
            store.card_totals(),
            [row.flags(DAY) for row in store.browse_rows()],
            store.stats(DAY).new,
            store.state("test/capital#fwd"),
        )
        writer.execute("ROLLBACK")
        assert during == before

"""Buried and due: the Python rule (browse, export) and the SQL one (the queue) agree by row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from cards.schedule.card_states import due_sql, is_buried, is_due, not_buried_sql

TODAY = date(2026, 1, 15)
STUDY_DAYS = [TODAY + timedelta(days=offset) for offset in (-400, -1, 0, 1, 30)]
DAYS: list[date | None] = [None, *STUDY_DAYS]


def test_python_and_sql_agree_on_every_kind_of_row(tmp_path: Path) -> None:
    rows = [
        (index, reviews, due, buried)
        for index, (reviews, due, buried) in enumerate(
            (reviews, due, buried) for reviews in (0, 1, 7) for due in DAYS for buried in DAYS
        )
    ]
    with closing(sqlite3.connect(tmp_path / "rules.sqlite3")) as db:
        db.execute("CREATE TABLE card (id INTEGER, reviews INTEGER, due TEXT, buried_until TEXT)")
        db.executemany(
            "INSERT INTO card VALUES (?, ?, ?, ?)",
            [
                (i, r, d.isoformat() if d else None, b.isoformat() if b else None)
                for i, r, d, b in rows
            ],
        )
        for day in STUDY_DAYS:
            params = {"today": day.isoformat(), "horizon": day.isoformat()}
            hidden = {
                i
                for (i,) in db.execute(
                    f"SELECT id FROM card c WHERE NOT {not_buried_sql('c')}", params
                )
            }
            due = {
                i
                for (i,) in db.execute(
                    f"SELECT id FROM card c WHERE {due_sql('c', ':horizon')}", params
                )
            }
            assert hidden == {i for i, _, _, b in rows if is_buried(b, day)}
            assert due == {i for i, r, d, _ in rows if is_due(r, d, day)}
    # A guard on the rows: on the day itself each rule picks some and leaves others.
    assert 0 < sum(is_buried(b, TODAY) for _, _, _, b in rows) < len(rows)
    assert 0 < sum(is_due(r, d, TODAY) for _, r, d, _ in rows) < len(rows)

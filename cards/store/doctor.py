"""Health checks: SQLite integrity, foreign keys, and the schedule replayed from the review log.

The log is the truth; each card's stored schedule must equal SM-2 replayed over its answers,
starting from where the card stood when it was imported from Anki (`imported_state`), if it was.
Anki's own review log, kept in `imported_review`, is history only and is never replayed.
`repair` rewrites the derived columns from the log, leaving the log itself untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from cards.schedule import sm2
from cards.schedule.answering import Schedule, next_schedule
from cards.store.database import write_transaction
from cards.store.rows import write_schedule
from cards.store.stored import DAMAGED_ROWS, DamagedValue, is_day, stored_day


def diagnose(connection: sqlite3.Connection) -> list[str]:
    """Every problem found, one readable line each; empty when the collection is healthy.

    Problems of the file itself come first (integrity, foreign keys, values of the wrong kind
    in the review log or in where imported cards started); only a sound log is replayed against
    the stored schedules.
    """
    try:
        problems = [
            f"integrity: {row[0]}"
            for row in connection.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        problems += [
            f"foreign key: {table} row {rowid} points to a missing {parent}"
            for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check")
        ]
        for table in ("review_log", "imported_state"):
            problems += [
                f"damaged: {table} row {rowid} ({card_id}) holds a value of the wrong kind"
                for rowid, card_id in connection.execute(DAMAGED_ROWS[table])
            ]
    except sqlite3.DatabaseError as error:
        return [f"integrity: {error}"]
    if problems:
        return problems
    for card_id, stored, derived in _compare(connection):
        if stored != derived:
            problems.append(f"schedule: {card_id}: {_differences(stored, derived)}")
    problems += [
        f"schedule: {card_id}: buried_until {buried!r} is not a day"
        for card_id, buried in connection.execute(
            f"SELECT id, buried_until FROM card WHERE buried_until IS NOT NULL "
            f"AND NOT {is_day('buried_until')} ORDER BY id"
        )
    ]
    return problems


def _differences(stored: Schedule, derived: Schedule) -> str:
    """`interval 99 (the log gives 1), ...` for each field that disagrees."""
    pairs = {
        "repetitions": (stored.sm2.repetitions, derived.sm2.repetitions),
        "easiness": (stored.sm2.easiness, derived.sm2.easiness),
        "interval": (stored.sm2.interval, derived.sm2.interval),
        "due": (stored.sm2.due, derived.sm2.due),
        "reviews": (stored.reviews, derived.reviews),
        "lapses": (stored.lapses, derived.lapses),
        "leech": (stored.leech, derived.leech),
    }
    return ", ".join(
        f"{name} {have} (the log gives {want})"
        for name, (have, want) in pairs.items()
        if have != want
    )


def repair(connection: sqlite3.Connection) -> int:
    """Rewrite every card's schedule from the log; returns how many cards changed."""
    changed = 0
    with write_transaction(connection):
        for card_id, stored, derived in list(_compare(connection)):
            if stored == derived:
                continue
            write_schedule(connection, card_id, derived)
            changed += 1
        changed += connection.execute(
            f"UPDATE card SET buried_until = NULL WHERE buried_until IS NOT NULL "
            f"AND NOT {is_day('buried_until')}"
        ).rowcount
    return changed


def _compare(connection: sqlite3.Connection) -> Iterator[tuple[str, Schedule, Schedule]]:
    """(card id, stored, derived) for every card, streaming the log in card order."""
    stored_rows = connection.execute(
        "SELECT c.id, c.repetitions, c.easiness_pct, c.interval, c.due, c.reviews, c.lapses, "
        "c.leech, i.repetitions, i.easiness_pct, i.interval, i.due, i.reviews, i.lapses "
        "FROM card c LEFT JOIN imported_state i ON i.card_id = c.id ORDER BY c.id"
    )
    log = connection.cursor().execute(
        "SELECT card_id, grade, day, made_leech FROM review_log WHERE drill = 0 "
        "ORDER BY card_id, id"
    )
    pending = log.fetchone()
    for row in stored_rows.fetchall():
        card_id, reps, easiness, interval, due, reviews, lapses, leech = row[:8]
        schedule = Schedule(sm2.SM2State())
        if row[8] is not None:  # imported from Anki: replay from where it arrived
            base_due = None if row[11] is None else stored_day(row[11], "due")
            base = sm2.SM2State(row[8], row[9], row[10], base_due)
            schedule = Schedule(base, row[12], row[13])
        while pending is not None and pending[0] < card_id:
            pending = log.fetchone()
        while pending is not None and pending[0] == card_id:
            _, grade, day, made_leech = pending
            # The leech flag comes from the log: the threshold may have changed since.
            after = next_schedule(schedule, grade, stored_day(day))
            schedule = replace(after, leech=schedule.leech or bool(made_leech))
            pending = log.fetchone()
        stored_state = sm2.SM2State(reps, easiness, interval, _day_or_text(due))
        yield (
            card_id,
            Schedule(stored_state, reviews, lapses, bool(leech)),
            schedule,
        )


def _day_or_text(value: object) -> date | None:
    """A stored due day; a damaged one stays as it is, so it shows as a difference."""
    if value is None:
        return None
    try:
        return stored_day(value, "due")
    except DamagedValue:
        return value  # type: ignore[return-value]

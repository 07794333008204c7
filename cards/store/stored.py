"""Values read back from the collection database, checked: a damaged row is an error naming
`flywheel doctor`, not a traceback.

SQLite keeps whatever a column is given, so a hand edit or a damaged file can leave `garbage`
where a day belongs. Reading code converts through these helpers; `cards.store.doctor` finds every
such row with `DAMAGED_ROWS`.
"""

from __future__ import annotations

from datetime import date, datetime

from cards.errors import FlywheelError


class DamagedValue(FlywheelError):
    """A stored value that cannot be what its column holds."""

    def __init__(self, what: str, value: object) -> None:
        super().__init__(
            f"the collection holds a damaged value ({what} {value!r}); "
            "run `flywheel doctor` to find it"
        )


def stored_day(value: object, what: str = "day") -> date:
    """A day stored as `YYYY-MM-DD`."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DamagedValue(what, value)


def stored_moment(value: object, what: str = "answered_at") -> datetime:
    """A moment stored in ISO 8601."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise DamagedValue(what, value)


def stored_int(value: object, what: str = "number") -> int:
    """A whole number (SQLite may hand back text or a float from a damaged row)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise DamagedValue(what, value)


def is_day(sql: str) -> str:
    """SQL: `sql` holds a real day as `YYYY-MM-DD` that Python's calendar can read."""
    return (
        f"(typeof({sql}) = 'text' AND {sql} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
        f"AND {sql} >= '0001-01-01' AND date({sql}) IS {sql})"
    )


def _integers(*columns: str) -> str:
    return " OR ".join(f"typeof({column}) != 'integer'" for column in columns)


DAMAGED_ROWS: dict[str, str] = {
    "review_log": (
        "SELECT id, card_id FROM review_log WHERE NOT "
        + is_day("day")
        + " OR julianday(answered_at) IS NULL OR "
        + _integers(
            "grade",
            "repetitions_before",
            "easiness_before",
            "interval_before",
            "repetitions_after",
            "easiness_after",
            "interval_after",
        )
        + " OR (due_before IS NOT NULL AND NOT "
        + is_day("due_before")
        + ") OR (due_after IS NOT NULL AND NOT "
        + is_day("due_after")
        + ")"
    ),
    "card": (
        "SELECT rowid, id FROM card WHERE "
        + _integers("repetitions", "easiness_pct", "interval", "reviews", "lapses")
        + " OR (due IS NOT NULL AND NOT "
        + is_day("due")
        + ") OR (buried_until IS NOT NULL AND NOT "
        + is_day("buried_until")
        + ")"
    ),
    "imported_state": (
        "SELECT rowid, card_id FROM imported_state WHERE "
        + _integers("repetitions", "easiness_pct", "interval", "reviews", "lapses")
        + " OR (due IS NOT NULL AND NOT "
        + is_day("due")
        + ")"
    ),
}
"""Per table, a query for the rows with a value of the wrong kind: (rowid, id).

The review log and the imported states are where replays start from, so `cards.store.doctor` cannot
rebuild them; card rows it can."""

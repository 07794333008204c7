"""Figures about a collection: today's counts, retention, forecast, calendar, easiness, maturity."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from cards.schedule import study_time
from cards.schedule.queue import Limits, todays_queue
from cards.store.stored import stored_day

YOUNG_DAYS = 21
FORECAST_DAYS = 30


@dataclass(frozen=True)
class DeckCounts:
    """Today's queue for one deck, and its size."""

    deck: str
    due: int = 0
    new: int = 0
    drill: int = 0
    cards: int = 0


@dataclass(frozen=True)
class Stats:
    """Everything `flywheel stats` and the stats screen show."""

    today: date
    reviews: int
    """Answers logged in all (Flywheel's and those imported from Anki)."""
    due: int
    new: int
    drill: int
    decks: list[DeckCounts]
    retention_30d: float | None
    forecast: list[int]
    calendar: dict[date, int] = field(default_factory=dict)
    easiness: dict[float, int] = field(default_factory=dict)
    retention_by_week: list[tuple[date, float]] = field(default_factory=list)
    maturity: dict[str, int] = field(default_factory=dict)
    study_seconds_today: float = 0.0
    median_answer_seconds: float | None = None
    seconds_by_day: list[float] = field(default_factory=list)
    """Seconds spent answering on each of the last 30 days, oldest first (today last)."""
    answers_today: int = 0
    """Answers given on the study day, drill answers included."""


def collect_stats(connection: sqlite3.Connection, today: date, limits: Limits) -> Stats:
    """Read-only summary of the collection as of `today`."""
    queue = todays_queue(connection, today, limits)
    by_kind = Counter(item.kind for item in queue)
    days = with_todays_queue(forecast(connection, today), by_kind["review"])
    return Stats(
        today=today,
        reviews=_scalar(
            connection,
            "SELECT (SELECT count(*) FROM review_log) + (SELECT count(*) FROM imported_review)",
        ),
        due=by_kind["review"],
        new=by_kind["new"],
        drill=by_kind["drill"],
        decks=deck_counts(connection, today, limits),
        retention_30d=_retention(connection, today - timedelta(days=29), today),
        forecast=days,
        calendar=_calendar(connection, today),
        easiness=_easiness(connection),
        retention_by_week=_weekly_retention(connection, today),
        maturity=_maturity(connection),
        study_seconds_today=study_time.seconds_on(connection, today),
        median_answer_seconds=study_time.median_answer_seconds(connection, today),
        seconds_by_day=study_time.seconds_by_day(connection, today),
        answers_today=_scalar(
            connection,
            "SELECT (SELECT count(*) FROM review_log WHERE day = ?1) "
            "+ (SELECT count(*) FROM imported_review WHERE day = ?1)",
            (today.isoformat(),),
        ),
    )


def deck_counts(connection: sqlite3.Connection, today: date, limits: Limits) -> list[DeckCounts]:
    """Per deck: the due/new/drill its own review would show today, and its card total."""
    out = []
    for deck, cards in card_totals(connection).items():
        kinds = Counter(item.kind for item in todays_queue(connection, today, limits, deck))
        out.append(DeckCounts(deck, kinds["review"], kinds["new"], kinds["drill"], cards))
    return out


def card_totals(connection: sqlite3.Connection) -> dict[str, int]:
    """Cards in use per deck, by deck name (decks without cards left out).

    Read from the per-file counts that `cards.store.deck_sync` keeps, so it costs the same at any
    size.
    """
    rows = connection.execute(
        "SELECT deck, sum(cards) FROM deck_file WHERE deck IS NOT NULL "
        "GROUP BY deck HAVING sum(cards) > 0 ORDER BY deck"
    )
    return dict(rows.fetchall())


def forecast(connection: sqlite3.Connection, today: date, days: int = FORECAST_DAYS) -> list[int]:
    """Cards falling due on each of the next `days` days; overdue cards count on today."""
    last = today + timedelta(days=days - 1)
    rows = connection.execute(
        "SELECT max(due, ?), count(*) FROM card WHERE active = 1 AND suspended = 0 "
        "AND reviews > 0 AND due <= ? GROUP BY max(due, ?)",
        (today.isoformat(), last.isoformat(), today.isoformat()),
    )
    per_day = {stored_day(day, "due"): count for day, count in rows}
    return [per_day.get(today + timedelta(days=offset), 0) for offset in range(days)]


def with_todays_queue(days: list[int], due_in_queue: int) -> list[int]:
    """The forecast with today's count taken from today's queue.

    A card due but held back (a sibling answered, buried, over the review limit) is not shown
    today, so it is not due today: every screen that shows today's count beside the queue's
    uses this one rule."""
    return [due_in_queue, *days[1:]]


def _retention(connection: sqlite3.Connection, first: date, last: date) -> float | None:
    """Share of scheduled reviews of seen cards graded 3 or more, between two days inclusive.

    Reviews imported from Anki count too: Again is a failure, the other buttons passes."""
    passed, total = connection.execute(
        "SELECT coalesce(sum(grade >= 3), 0), count(*) FROM ("
        "SELECT grade FROM review_log WHERE drill = 0 AND was_new = 0 AND day BETWEEN ?1 AND ?2 "
        "UNION ALL SELECT grade FROM imported_review WHERE kind = 1 AND day BETWEEN ?1 AND ?2)",
        (first.isoformat(), last.isoformat()),
    ).fetchone()
    return passed / total if total else None


def _calendar(connection: sqlite3.Connection, today: date) -> dict[date, int]:
    first = today - timedelta(days=364)
    rows = connection.execute(
        "SELECT day, count(*) FROM (SELECT day FROM review_log UNION ALL "
        "SELECT day FROM imported_review) WHERE day BETWEEN ? AND ? GROUP BY day",
        (first.isoformat(), today.isoformat()),
    )
    return {stored_day(day): count for day, count in rows}


def _easiness(connection: sqlite3.Connection) -> dict[float, int]:
    rows = connection.execute(
        "SELECT easiness_pct, count(*) FROM card WHERE active = 1 AND reviews > 0 "
        "GROUP BY easiness_pct ORDER BY easiness_pct"
    )
    return {pct / 100: count for pct, count in rows}


def _weekly_retention(
    connection: sqlite3.Connection, today: date, weeks: int = 12
) -> list[tuple[date, float]]:
    out = []
    for back in range(weeks - 1, -1, -1):
        start = today - timedelta(days=7 * back + 6)
        value = _retention(connection, start, start + timedelta(days=6))
        if value is not None:
            out.append((start, value))
    return out


def _maturity(connection: sqlite3.Connection) -> dict[str, int]:
    """Cards in use by stage; a suspended card counts as suspended only, so the four add up."""
    row = connection.execute(
        "SELECT coalesce(sum(suspended = 0 AND reviews = 0), 0), "
        f"coalesce(sum(suspended = 0 AND reviews > 0 AND interval < {YOUNG_DAYS}), 0), "
        f"coalesce(sum(suspended = 0 AND reviews > 0 AND interval >= {YOUNG_DAYS}), 0), "
        "coalesce(sum(suspended), 0) FROM card WHERE active = 1"
    ).fetchone()
    return dict(zip(("new", "young", "mature", "suspended"), map(int, row), strict=True))


def _scalar(connection: sqlite3.Connection, sql: str, parameters: tuple[str, ...] = ()) -> int:
    return int(connection.execute(sql, parameters).fetchone()[0])

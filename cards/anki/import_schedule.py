"""Anki schedules become SM-2 states, and Anki's review log imported history.

A review card keeps its interval, due day, ease (Anki's factor in permille is SM-2's easiness
times 1000) and its review and lapse counts. SM-2 also needs the number of successful reviews in
a row: it is read from the end of the card's review log (answers on one day count once, since
Anki's learning steps answer a card several times a day), and is at least 2 for an interval over
6 days, so the next answer multiplies the interval by the easiness as SM-2 does from its third
review on. A relearning card is due today; a card still in its first learning steps comes in
as new. The review log is kept in `imported_review`, apart from Flywheel's own log: it is shown
as history but never replayed (Anki scheduled it by its own rules).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from cards.anki.import_reader import AnkiCard
from cards.schedule.card_schedules import GRADE_FOR_BUTTON, AnkiAnswer
from cards.schedule.sm2 import MAX_INTERVAL, MIN_EASINESS_PCT, SM2State
from cards.schedule.study_day import study_day

REVIEW, RELEARNING = 2, 3
SUSPENDED = -1
ANSWER_KINDS = (0, 1, 2, 3)
"""Learning, review, relearning and filtered answers; 4 and 5 are manual reschedules."""


MAX_EASINESS_PCT = 1000
"""The highest easiness an imported card keeps (Anki's ease 1000%); a package saying more is
brought down to it."""
EARLIEST_ANSWER_MS = 946_684_800_000
"""2000-01-01: an Anki answer logged before (a negative or year-1 revlog id) is impossible."""
LATEST_ANSWER_MS = 221_845_392_000_000
"""9000-01-01, within what dates can hold wherever the clock is."""
MAX_COUNT = 1_000_000
"""The most reviews or lapses a card is taken to have had."""


@dataclass(frozen=True, slots=True)
class ImportedCard:
    """One card's schedule as it arrives (`state` None for a card that comes in new)."""

    card_id: str
    state: SM2State | None
    reviews: int
    lapses: int
    suspended: bool
    anki_id: int = 0
    """The Anki card it was: its answers are read from the package's log as they are stored."""
    clamped: bool = False
    """Its due day, interval, ease or counts were out of range and brought within it."""
    dropped: int = 0
    """Answers left out for an impossible time."""

    def row(self) -> tuple[object, ...]:
        """The card as plain values (to be kept on disk, `cards.anki.import_spill`)."""
        state = self.state
        figures = None
        if state is not None:
            due = None if state.due is None else state.due.toordinal()
            figures = (state.repetitions, state.easiness_pct, state.interval, due)
        return (
            self.card_id,
            figures,
            self.reviews,
            self.lapses,
            self.suspended,
            self.anki_id,
            self.clamped,
            self.dropped,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ImportedCard:
        card_id, figures, reviews, lapses, suspended, anki_id, clamped, dropped = row
        state = None
        if figures is not None:
            repetitions, easiness, interval, due = figures
            day = None if due is None else date.fromordinal(due)
            state = SM2State(repetitions, easiness, interval, day)
        return cls(card_id, state, reviews, lapses, suspended, anki_id, clamped, dropped)


def possible(answer: AnkiAnswer) -> bool:
    """An answer logged at a time that can be true (see `EARLIEST_ANSWER_MS`)."""
    return EARLIEST_ANSWER_MS <= answer.at_ms <= LATEST_ANSWER_MS


@dataclass(frozen=True, slots=True)
class ScheduleReport:
    """What applying imported schedules did."""

    scheduled: int
    kept: int
    """Cards left alone because they have been answered in Flywheel since."""
    answers: int


def imported_card(
    card_id: str, card: AnkiCard, today: date, anki_today: date | None = None
) -> ImportedCard:
    """The SM-2 state of one Anki card, as of the study day `today`; figures out of range are
    brought within it (`clamped`), answers at impossible times left out (`dropped`).

    A review card keeps its calendar due day, counted from `anki_today` (the day Anki's today
    stood for when it read the package; None: `today`), so `--today` moves no due day; a
    relearning card is due on `today`."""
    suspended = card.queue == SUSPENDED
    answers = [answer for answer in card.answers if possible(answer)]
    dropped = len(card.answers) - len(answers)
    if card.type not in (REVIEW, RELEARNING):
        return ImportedCard(card_id, None, 0, 0, suspended, card.anki_id, dropped=dropped)
    interval = _within(card.interval, 1, MAX_INTERVAL)
    due_in = 0 if card.type == RELEARNING else _within(card.due_in, -MAX_INTERVAL, MAX_INTERVAL)
    repetitions = 0 if card.type == RELEARNING else max(streak(answers), 1)
    if card.type == REVIEW and interval > 6:
        repetitions = max(repetitions, 2)
    factor = round(card.factor / 10) if card.factor else 250
    easiness = _within(factor, MIN_EASINESS_PCT, MAX_EASINESS_PCT)
    reviews = _within(card.reps, 1, MAX_COUNT)
    lapses = _within(card.lapses, 0, MAX_COUNT)
    clamped = (interval, easiness, reviews, lapses) != (
        max(card.interval, 1),
        max(factor, MIN_EASINESS_PCT),
        max(card.reps, 1),
        card.lapses,
    ) or (card.type == REVIEW and due_in != card.due_in)
    due = today if card.type == RELEARNING else (anki_today or today) + timedelta(days=due_in)
    state = SM2State(repetitions, easiness, interval, due)
    return ImportedCard(card_id, state, reviews, lapses, suspended, card.anki_id, clamped, dropped)


def _within(value: int, lowest: int, highest: int) -> int:
    return min(max(value, lowest), highest)


def streak(answers: list[AnkiAnswer]) -> int:
    """Passing answers at the end of the log, one a day: SM-2's repetitions."""
    days: set[date] = set()
    for answer in reversed(answers):
        if answer.kind not in ANSWER_KINDS or answer.button == 0:
            continue
        if answer.button == 1:
            break
        days.add(datetime.fromtimestamp(answer.at_ms / 1000).date())
    return len(days)


def apply_schedules(
    connection: sqlite3.Connection,
    cards: Iterable[ImportedCard],
    rollover_hour: int,
    history: Iterable[tuple[int, AnkiAnswer]] = (),
) -> ScheduleReport:
    """Write imported states, and the answers of `history` (Anki card id, answer) as their
    history, inside the caller's transaction (`Store`); cards answered here are kept.

    `cards` and `history` are each read once, as a stream: a large package's schedules and log
    are never held whole. The states go through a temporary table, from which SQLite copies
    them into the store's two tables.
    """
    answered = {row[0] for row in connection.execute("SELECT DISTINCT card_id FROM review_log")}
    known = {row[0] for row in connection.execute("SELECT id FROM card")}
    taking: dict[int, str] = {}
    suspended: list[tuple[str]] = []
    kept = 0

    def states() -> Iterator[tuple[object, ...]]:
        nonlocal kept
        for card in cards:
            if card.card_id not in known:
                continue
            if card.card_id in answered:
                kept += 1
                continue
            taking[card.anki_id] = card.card_id
            if card.state is not None:
                yield _state_row(card)
            elif card.suspended:
                suspended.append((card.card_id,))

    connection.execute(_STATES_TABLE)
    connection.executemany(
        "INSERT OR REPLACE INTO temp.import_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)", states()
    )
    scheduled = connection.execute("SELECT count(*) FROM temp.import_state").fetchone()[0]
    connection.executemany(
        "DELETE FROM imported_review WHERE card_id = ?", ((card_id,) for card_id in taking.values())
    )
    rows = _HistoryRows(taking, history, rollover_hour)
    connection.executemany(
        "INSERT INTO imported_review (card_id, anki_id, answered_at, day, grade, button, kind, "
        "interval, last_interval, factor, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    for statement in _COPY_STATES:
        connection.execute(statement)
    connection.executemany("UPDATE card SET suspended = 1 WHERE id = ?", suspended)
    return ScheduleReport(scheduled, kept, rows.written)


_STATES_TABLE = (
    "CREATE TEMP TABLE import_state (card_id TEXT PRIMARY KEY, repetitions INTEGER, "
    "easiness_pct INTEGER, interval INTEGER, due TEXT, reviews INTEGER, lapses INTEGER, "
    "suspended INTEGER)"
)
_COPY_STATES = (
    "INSERT OR REPLACE INTO imported_state (card_id, repetitions, easiness_pct, interval, due, "
    "reviews, lapses) SELECT card_id, repetitions, easiness_pct, interval, due, reviews, lapses "
    "FROM temp.import_state",
    "UPDATE card SET repetitions = s.repetitions, easiness_pct = s.easiness_pct, "
    "interval = s.interval, due = s.due, reviews = s.reviews, lapses = s.lapses, "
    "suspended = s.suspended, leech = 0 FROM temp.import_state AS s WHERE card.id = s.card_id",
    "DROP TABLE temp.import_state",
)


def _state_row(card: ImportedCard) -> tuple[object, ...]:
    state = card.state
    assert state is not None
    assert state.due is not None
    figures = (state.repetitions, state.easiness_pct, state.interval, state.due.isoformat())
    return (card.card_id, *figures, card.reviews, card.lapses, card.suspended)


class _HistoryRows:
    """The `imported_review` rows of the answers of the cards in `taking`, counted as made."""

    def __init__(
        self,
        taking: dict[int, str],
        history: Iterable[tuple[int, AnkiAnswer]],
        rollover_hour: int,
    ) -> None:
        self._taking = taking
        self._history = history
        self._rollover = rollover_hour
        self.written = 0

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        zone = _LocalZone()
        for anki_id, answer in self._history:
            card_id = self._taking.get(anki_id)
            if card_id is None or answer.button not in GRADE_FOR_BUTTON or not possible(answer):
                continue  # not this import's card, a manual reschedule, or an impossible time
            moment = datetime.fromtimestamp(answer.at_ms / 1000, zone.at(answer.at_ms))
            self.written += 1
            yield (
                card_id,
                answer.at_ms,
                moment.isoformat(timespec="milliseconds"),
                study_day(moment, self._rollover).isoformat(),
                GRADE_FOR_BUTTON[answer.button],
                answer.button,
                answer.kind,
                answer.interval,
                answer.last_interval,
                answer.factor,
                answer.time_ms,
            )


class _LocalZone:
    """The local time zone's offset at a moment, looked up once per quarter hour: every change
    of offset falls on one, and the log comes in time order."""

    QUARTER_MS = 900_000

    def __init__(self) -> None:
        self._quarter: int | None = None
        self._zone: tzinfo | None = None

    def at(self, at_ms: int) -> tzinfo | None:
        quarter = at_ms // self.QUARTER_MS
        if quarter != self._quarter:
            self._quarter = quarter
            start = datetime.fromtimestamp(quarter * self.QUARTER_MS / 1000)
            self._zone = start.astimezone().tzinfo
        return self._zone

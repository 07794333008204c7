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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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
    answers: list[AnkiAnswer] = field(default_factory=list)
    clamped: bool = False
    """Its due day, interval, ease or counts were out of range and brought within it."""
    dropped: int = 0
    """Answers left out for an impossible time."""


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
    answers = [a for a in card.answers if EARLIEST_ANSWER_MS <= a.at_ms <= LATEST_ANSWER_MS]
    dropped = len(card.answers) - len(answers)
    if card.type not in (REVIEW, RELEARNING):
        return ImportedCard(card_id, None, 0, 0, suspended, answers, dropped=dropped)
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
    return ImportedCard(card_id, state, reviews, lapses, suspended, answers, clamped, dropped)


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
    connection: sqlite3.Connection, cards: list[ImportedCard], rollover_hour: int
) -> ScheduleReport:
    """Write imported states and history, inside the caller's transaction (`Store`); cards
    answered here are kept."""
    scheduled = kept = answers = 0
    answered = {row[0] for row in connection.execute("SELECT DISTINCT card_id FROM review_log")}
    known = {row[0] for row in connection.execute("SELECT id FROM card")}
    for card in cards:
        if card.card_id not in known:
            continue
        if card.card_id in answered:
            kept += 1
            continue
        answers += _write_history(connection, card, rollover_hour)
        if card.state is not None:
            _write_state(connection, card)
            scheduled += 1
        elif card.suspended:
            connection.execute("UPDATE card SET suspended = 1 WHERE id = ?", (card.card_id,))
    return ScheduleReport(scheduled, kept, answers)


def _write_state(connection: sqlite3.Connection, card: ImportedCard) -> None:
    state = card.state
    assert state is not None
    assert state.due is not None
    figures = (state.repetitions, state.easiness_pct, state.interval, state.due.isoformat())
    connection.execute(
        "INSERT OR REPLACE INTO imported_state (card_id, repetitions, easiness_pct, interval, "
        "due, reviews, lapses) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (card.card_id, *figures, card.reviews, card.lapses),
    )
    connection.execute(
        "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, reviews = ?, "
        "lapses = ?, suspended = ?, leech = 0 WHERE id = ?",
        (*figures, card.reviews, card.lapses, card.suspended, card.card_id),
    )


def _write_history(connection: sqlite3.Connection, card: ImportedCard, rollover_hour: int) -> int:
    """Replace the card's imported history with the package's; returns the rows written."""
    connection.execute("DELETE FROM imported_review WHERE card_id = ?", (card.card_id,))
    rows = []
    for answer in card.answers:
        if answer.button not in GRADE_FOR_BUTTON:
            continue  # a manual reschedule, not an answer
        moment = datetime.fromtimestamp(answer.at_ms / 1000).astimezone()
        rows.append(
            (
                card.card_id,
                answer.at_ms,
                moment.isoformat(timespec="milliseconds"),
                study_day(moment, rollover_hour).isoformat(),
                GRADE_FOR_BUTTON[answer.button],
                answer.button,
                answer.kind,
                answer.interval,
                answer.last_interval,
                answer.factor,
                answer.time_ms,
            )
        )
    connection.executemany(
        "INSERT INTO imported_review (card_id, anki_id, answered_at, day, grade, button, kind, "
        "interval, last_interval, factor, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)

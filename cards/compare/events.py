"""What the comparison replays and what it scores, read from the review logs.

Every answer goes into the models' memory of a card; only some are scored. A scored review is a
card's first answer of a study day when the card had an answer on an earlier study day: that is
when a model's forecast of recall can be checked. Same-day answers (the drill, Anki's learning
steps) shape the models' state but are never scored, and elapsed time counts study days (each
answer's stored `day`, which already applies the rollover hour in the user's time zone), not
24-hour periods. Answers imported from Anki and those synced from other devices count like any
other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from cards.decks.vocabulary import deck_key, in_deck_sql
from cards.schedule.card_schedules import BUTTON_FOR_GRADE
from cards.schedule.sm2 import PASSING_GRADE
from cards.store.stored import stored_day

ANKI_ANSWER_KINDS = (0, 1, 2, 3)
"""Anki's learning, review, relearning and filtered answers (4 and 5 are manual reschedules)."""


def rating(grade: int) -> int:
    """FSRS's rating (1 Again, 2 Hard, 3 Good, 4 Easy) for an SM-2 grade, as the Anki export."""
    return BUTTON_FOR_GRADE[grade]


def recalled(grade: int) -> bool:
    """SM-2's own line: a grade of 3 or more is a correct answer."""
    return grade >= PASSING_GRADE


class Answer(NamedTuple):
    """One answer of a card, as the models see it (a tuple: a large log makes many)."""

    day: int
    """The study day, as a proleptic ordinal (so elapsed days are a subtraction)."""
    grade: int
    interval: int
    """The interval SM-2 had scheduled when the card was answered, in days (at least 1)."""
    drill: bool


class Review(NamedTuple):
    """One scored review: the answer at `position` in card `card`'s answers."""

    card: int
    position: int
    elapsed: int
    """Study days since the card's previous answer."""
    recalled: bool


@dataclass(frozen=True, slots=True)
class History:
    """Every card's answers in order, and the scored reviews in the order they were given."""

    card_ids: list[str]
    answers: list[list[Answer]]
    reviews: list[Review]
    later: int = 0
    """Answers dated after the study day asked for, left out."""

    @property
    def answer_count(self) -> int:
        return sum(len(answers) for answers in self.answers)


def read_history(
    connection: sqlite3.Connection,
    deck: str | None = None,
    card_ids: list[str] | None = None,
    until: date | None = None,
) -> History:
    """Both logs of the cards in `deck` and its subdecks (every card when None), or of the
    cards named, up to and including study day `until` (every answer when None): the history
    as it stood that day.

    Within a card, Anki's answers (from before it was imported) come first, then Flywheel's in
    the order they were logged; the scored reviews are ordered by study day, then as logged.
    Each log is read in its stored order and grouped here: sorting a large log in SQLite would
    spill to temporary files.
    """
    wanted = _cards_wanted(connection, deck, card_ids)
    last = date.max.toordinal() if until is None else until.toordinal()
    later = 0
    rows: dict[str, list[tuple[int, int, int, int, bool, int]]] = {}
    imported = connection.execute(
        "SELECT card_id, day, grade, last_interval, anki_id FROM imported_review "
        f"WHERE kind IN {ANKI_ANSWER_KINDS} ORDER BY rowid"
    )
    for card_id, day_text, grade, interval, anki_id in imported:
        if wanted is None or card_id in wanted:
            day = stored_day(day_text).toordinal()
            if day > last:
                later += 1
                continue
            rows.setdefault(card_id, []).append((day, 0, anki_id, grade, False, interval))
    for card_rows in rows.values():
        card_rows.sort()
    logged = connection.execute(
        "SELECT card_id, day, grade, interval_before, drill, id FROM review_log ORDER BY id"
    )
    days: dict[str, int] = {}
    for card_id, day_text, grade, interval, drill, row_id in logged:
        if wanted is None or card_id in wanted:
            known = days.get(day_text)
            if known is None:
                known = days[day_text] = stored_day(day_text).toordinal()
            if known > last:
                later += 1
                continue
            rows.setdefault(card_id, []).append((known, 1, row_id, grade, bool(drill), interval))
    return _history(rows, later)


def _cards_wanted(
    connection: sqlite3.Connection, deck: str | None, card_ids: list[str] | None
) -> set[str] | None:
    if card_ids is not None:
        return set(card_ids)
    if deck is None:
        return None
    in_deck = connection.execute(
        "SELECT c.id FROM card c JOIN note n ON n.id = c.note_id WHERE "
        + in_deck_sql("n.deck_key", ":deck"),
        {"deck": deck_key(deck)},
    )
    return {card_id for (card_id,) in in_deck}


def _history(rows: dict[str, list[tuple[int, int, int, int, bool, int]]], later: int) -> History:
    """Each card's answers, and which of them are scored reviews, in the order given."""
    answers: list[list[Answer]] = []
    keyed: list[tuple[int, int, int, Review]] = []
    for card, card_rows in enumerate(rows.values()):
        own: list[Answer] = []
        previous_day = 0  # no answer yet: day ordinals start at 1
        for day, source, row_id, grade, drill, interval in card_rows:
            if day > previous_day:
                if previous_day and not drill:
                    review = Review(card, len(own), day - previous_day, grade >= PASSING_GRADE)
                    keyed.append((day, source, row_id, review))
                previous_day = day
            own.append(Answer(day, grade, interval if interval > 1 else 1, drill))
        answers.append(own)
    keyed.sort()  # by day, then as logged: (source, row id) is unique, reviews never compared
    return History(list(rows), answers, [review for *_, review in keyed], later)

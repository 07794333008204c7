"""Flywheel's schedules and answers written into the mirror's cards and review log.

A reviewed card becomes an Anki review card with SM-2's interval, ease and due day, so every
device shows Flywheel's schedule; suspensions and burials follow. A due day is placed relative
to the mirror's own day count (`col.sched.today`), whatever day its collection started on.
Answers go in as the export writes them, under the ids the ledger gave them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cards.anki.export_schedule import (
    BURIED_QUEUE,
    REVIEW_QUEUE,
    REVIEW_TYPE,
    SUSPENDED_QUEUE,
    anki_queue,
)
from cards.anki.note_types import MODEL_SPECS
from cards.anki.sync.ledger import OutgoingAnswer
from cards.anki.sync.mirror import database
from cards.schedule.card_schedules import CardSchedule

if TYPE_CHECKING:
    from anki.collection import Collection

NEW_TYPE = 0
_STATE = "c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.odid"


@dataclass(frozen=True, slots=True)
class MirrorCard:
    """A mirror card of a Flywheel note, as it stands."""

    anki_id: int
    guid: str
    ordinal: int
    state: tuple[int, ...]
    """type, queue, due, ivl, factor, reps, lapses."""
    in_filtered_deck: bool


def mirror_cards(col: Collection) -> list[MirrorCard]:
    """The mirror's cards of Flywheel's note types."""
    ids = ", ".join(str(spec.id) for spec in MODEL_SPECS.values())
    return [
        MirrorCard(row[0], row[1], row[2], tuple(row[3:10]), bool(row[10]))
        for row in database(col).all(
            f"SELECT c.id, n.guid, c.ord, {_STATE} FROM cards c JOIN notes n ON n.id = c.nid "
            f"WHERE n.mid IN ({ids})"
        )
    ]


def wanted_state(
    schedule: CardSchedule, have: tuple[int, ...], today: date, anki_today: int
) -> tuple[int, ...]:
    """The card's Anki state for Flywheel's schedule; a card Flywheel has never reviewed keeps
    Anki's own and only follows suspension and burial."""
    queue = anki_queue(schedule, today)
    state = schedule.state
    if schedule.reviews and state.due is not None:
        due = anki_today + (state.due - today).days
        return (
            REVIEW_TYPE,
            queue,
            due,
            max(state.interval, 1),
            state.easiness_pct * 10,
            schedule.reviews,
            schedule.lapses,
        )
    card_type, have_queue, *rest = have
    if queue == REVIEW_QUEUE:  # in play: Anki's queue for its own kind of card
        queue = have_queue if have_queue not in (SUSPENDED_QUEUE, BURIED_QUEUE) else card_type
        if card_type == NEW_TYPE:
            queue = NEW_TYPE
    return (card_type, queue, *rest)


def write_card_states(col: Collection, wanted: Mapping[int, tuple[int, ...]]) -> None:
    """Give mirror cards (by Anki id) their wanted state, in one batch statement.

    Marked modified now and not yet sent (the collection's usn), as Anki's own card update
    marks them; one statement rather than a library call per card, which costs seconds for
    thousands of cards.
    """
    if not wanted:
        return
    now, usn = int(time.time()), col.usn()
    database(col).executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
        "lapses = ?, left = CASE WHEN ? = 2 THEN 0 ELSE left END, mod = ?, usn = ? WHERE id = ?",
        [(*state, state[0], now, usn, anki_id) for anki_id, state in wanted.items()],
    )


def revlog_ids(col: Collection) -> set[int]:
    """The ids of every answer in the mirror's review log."""
    return set(database(col).list("SELECT id FROM revlog"))


def write_answers(
    col: Collection,
    answers: Iterable[OutgoingAnswer],
    anki_card: Mapping[str, int],
    present: set[int],
) -> int:
    """Add the answers the mirror lacks (not in `present`) to its review log; returns how many
    were added."""
    usn = col.usn()
    rows = [
        (
            item.revlog_id,
            anki_card[item.card_id],
            usn,
            item.answer.button,
            item.answer.interval,
            item.answer.last_interval,
            item.answer.factor,
            item.answer.time_ms,
            item.answer.kind,
        )
        for item in answers
        if item.revlog_id not in present and item.card_id in anki_card
    ]
    if rows:
        database(col).executemany(
            "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return len(rows)

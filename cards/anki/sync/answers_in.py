"""The mirror's review log read against Flywheel's: which answer is whose.

A review-log id is an answer's moment in milliseconds, unique in the collection. Flywheel's own
answers get the id of their moment (one millisecond on while it is taken), and an answer already
in Anki under that id on the same card is the copy an earlier export put there. Every other
row on a Flywheel card is an answer given on another device, to take into Flywheel's log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cards.anki.sync.ledger import UnmappedAnswer
from cards.anki.sync.merge import PulledAnswer
from cards.anki.sync.mirror import database
from cards.schedule.card_schedules import GRADE_FOR_BUTTON

if TYPE_CHECKING:
    from anki.collection import Collection

ANSWER_KINDS = (0, 1, 2, 3)
"""Anki's review-log kinds that are answers: learning, review, relearning, filtered deck (the
others record a reschedule by hand, with no button pressed)."""


@dataclass
class Sorted:
    """Flywheel's new answers with their Anki ids, and the answers to take in."""

    assigned: list[tuple[int, str, int]] = field(default_factory=list)
    """(revlog id, card id, review id)."""
    pulled: list[PulledAnswer] = field(default_factory=list)


def sort_answers(
    col: Collection,
    card_of: Mapping[int, str],
    unmapped: list[UnmappedAnswer],
    taken: set[int],
    day_of: Callable[[datetime], date],
    since_usn: int | None = None,
) -> Sorted:
    """Assign ids to `unmapped` and find the answers Flywheel has not seen.

    Args:
        card_of: Flywheel's card id for each mirror card id of its notes.
        taken: the Anki ids Flywheel already accounts for (grown by the ids assigned here).
        day_of: the study day of a moment.
        since_usn: read only the rows marked changed since this update sequence number (those
            not yet sent, and those that reached the server since), besides the rows an id given
            here could meet; None: the whole log.
    """
    rows = {row[0]: row for row in _revlog_rows(col, unmapped, since_usn)}
    anki_card = {card: anki for anki, card in card_of.items()}
    result = Sorted()
    for answer in unmapped:
        cid = anki_card.get(answer.card_id)
        candidate = answer.answer.at_ms
        while candidate in taken or (candidate in rows and rows[candidate][1] != cid):
            candidate += 1
        taken.add(candidate)
        result.assigned.append((candidate, answer.card_id, answer.review_id))
    for revlog_id, cid, ease, kind, taken_ms in rows.values():
        card_id = card_of.get(cid)
        if card_id is None or revlog_id in taken:
            continue
        if kind not in ANSWER_KINDS or ease not in GRADE_FOR_BUTTON:
            continue
        at = datetime.fromtimestamp(revlog_id / 1000).astimezone()
        seconds = taken_ms / 1000 if taken_ms > 0 else None
        result.pulled.append(
            PulledAnswer(revlog_id, card_id, GRADE_FOR_BUTTON[ease], at, day_of(at), seconds)
        )
    return result


def _revlog_rows(
    col: Collection, unmapped: list[UnmappedAnswer], since_usn: int | None
) -> list[Sequence[Any]]:
    """The review-log rows a sort must see: every row, or those changed since `since_usn`.

    Ids given to Flywheel's answers only ever move up from the answer's moment, so rows from the
    oldest unmapped answer on are the only ones they can collide with. A row from another
    device keeps its id (its moment), however late it arrives; the server marks it with its own
    update sequence number, never lower than the one the previous sync began with.
    """
    columns = "SELECT id, cid, ease, type, time FROM revlog"
    if since_usn is None:
        return database(col).all(columns)
    first_id = min((answer.answer.at_ms for answer in unmapped), default=None)
    if first_id is None:
        return database(col).all(f"{columns} WHERE usn = -1 OR usn >= ?", since_usn)
    return database(col).all(
        f"{columns} WHERE usn = -1 OR usn >= ? OR id >= ?", since_usn, first_id
    )

"""The busy part of a sync: answers taken in, then notes, schedules and answers written out.

Flywheel's side is written first, in one transaction of its database (new answers get their Anki
ids, answers from elsewhere enter its log); then the mirror, in one transaction of its own; then
the mirror is synced again to send what was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.anki.export_schedule import anki_template
from cards.anki.sync import cards_out, remote
from cards.anki.sync.answers_in import sort_answers
from cards.anki.sync.login import Login
from cards.anki.sync.merge import PulledAnswer
from cards.anki.sync.mirror import database, note_types
from cards.anki.sync.notes_out import write_notes
from cards.anki.sync.outcome import SyncOutcome
from cards.decks.media import MEDIA_FOLDER
from cards.decks.models import Note
from cards.schedule.study_day import study_day
from cards.schedule.study_time import capped_seconds

if TYPE_CHECKING:
    from anki.collection import Collection

    from cards.anki.sync.run import SyncContext


def exchange(
    col: Collection,
    login: Login,
    context: SyncContext,
    outcome: SyncOutcome,
    confirm_upload: Callable[[], bool],
    progress: Callable[[int, int], None] | None,
    mark: str | None = None,
) -> str:
    """Take in the answers given elsewhere and write Flywheel's collection into the mirror.

    `mark`: what the last complete sync returned with the update sequence number it began at
    (None: the review log is read whole). Returns the part of the next mark that is known now:
    a digest of which mirror cards are Flywheel's. A card that became Flywheel's since may
    carry older answers, so then the whole log is read again."""
    store = context.store
    plan, media_folders = context.load_plan()
    notes = {entry.guid: entry.note for deck in plan.decks for entry in deck.entries}
    card_of = _flywheel_cards(col, notes)
    inbox = store.anki_inbox()
    cards_digest = hashlib.sha256(repr(sorted(card_of.items())).encode()).hexdigest()
    since = _since_usn(mark, cards_digest) if not outcome.full else None  # one-way: all new
    found = sort_answers(col, card_of, inbox.unmapped, inbox.taken, _day_of(context), since)
    pulled = [_capped(answer) for answer in found.pulled]
    store.take_anki_answers(found.assigned, pulled, context.leech_threshold)
    outcome.taken_in = len(pulled)
    present = cards_out.revlog_ids(col)
    outbox = store.anki_outbox(present)

    def write() -> None:
        types = note_types(col, plan.kinds())
        outcome.written = write_notes(
            col,
            plan,
            types,
            outbox.note_digests,
            {} if outcome.full else outbox.note_sources,  # after a one-way sync: every note
            progress,
        )
        mirror = cards_out.mirror_cards(col)
        anki_card = _anki_cards(mirror, notes)
        anki_today = col.sched.today
        wanted = {}
        for card in mirror:
            card_id = anki_card.get(card.anki_id)
            schedule = outbox.schedules.get(card_id) if card_id else None
            if schedule is None or card.in_filtered_deck:
                continue
            state = cards_out.wanted_state(schedule, card.state, context.today, anki_today)
            if state != card.state:
                wanted[card.anki_id] = state
        cards_out.write_card_states(col, wanted)
        outcome.rescheduled = len(wanted)
        by_card = {card_id: anki for anki, card_id in anki_card.items()}
        outcome.sent = cards_out.write_answers(col, outbox.answers, by_card, present)
        outcome.left_in_anki = len({card.guid for card in mirror if card.guid not in notes})
        _write_media(col, outcome.written.media, media_folders)

    database(col).transact(write)
    store.remember_note_digests(outcome.written.digests)
    written = outcome.written
    if written.added or written.updated or outcome.rescheduled or outcome.sent or outcome.full:
        again, _ = remote.sync_collection(
            col, login, first=False, choice=remote.FullSync.REFUSE, confirm_upload=confirm_upload
        )
        if again in ("download", "upload"):
            outcome.full = again
    return cards_digest


def _since_usn(mark: str | None, cards_digest: str) -> int | None:
    usn, _, digest = (mark or "").partition(" ")
    return int(usn) if usn and digest == cards_digest else None


def _flywheel_cards(col: Collection, notes: dict[str, Note]) -> dict[int, str]:
    """Flywheel's card id of each mirror card of a Flywheel note."""
    return _anki_cards(cards_out.mirror_cards(col), notes)


def _anki_cards(mirror: list[cards_out.MirrorCard], notes: dict[str, Note]) -> dict[int, str]:
    found: dict[int, str] = {}
    for card in mirror:
        note = notes.get(card.guid)
        if note is None:
            continue
        try:
            template = anki_template(note, card.ordinal)
        except IndexError:
            continue
        found[card.anki_id] = f"{note.id}#{template}"
    return found


def _day_of(context: SyncContext) -> Callable[[datetime], date]:
    """The study day of a moment; with `--today` set, shifted as far as today is."""
    offset = context.today - study_day(context.now, context.rollover_hour)
    return lambda at: study_day(at, context.rollover_hour) + offset


def _capped(answer: PulledAnswer) -> PulledAnswer:
    return replace(answer, seconds=capped_seconds(answer.seconds))


def _write_media(col: Collection, names: set[str], folders: Sequence[Path]) -> None:
    """Copy the notes' media files the mirror lacks into its media folder."""
    for name in sorted(names):
        if "/" in name or "\\" in name or name.startswith(".") or col.media.have(name):
            continue
        for folder in folders:
            path = folder / MEDIA_FOLDER / name
            if path.is_file():
                col.media.write_data(name, path.read_bytes())
                break

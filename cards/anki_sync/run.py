"""One `flywheel sync`, step by step, each step safe to cut short.

1. The mirror syncs with the server, so it holds what other devices did.
2. Flywheel's new answers get their Anki ids and the answers given elsewhere enter Flywheel's
   log, in one transaction of Flywheel's database.
3. Notes, schedules and answers go into the mirror, in one transaction of the mirror.
4. The mirror syncs again to send them, then media.

A sync killed anywhere leaves each database whole; the next one finds what is missing on either
side by the review-log ids, so nothing is lost or counted twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.anki_collection import ExportPlan
from cards.anki_schedule import anki_template
from cards.anki_sync import cards_out, remote
from cards.anki_sync.answers_in import sort_answers
from cards.anki_sync.login import Login
from cards.anki_sync.merge import PulledAnswer
from cards.anki_sync.mirror import database, note_types
from cards.anki_sync.notes_out import AnkiEdit, NotesWritten, write_notes
from cards.media import MEDIA_FOLDER
from cards.models import Note
from cards.store import Store
from cards.study_time import capped_seconds
from cards.studyday import study_day

if TYPE_CHECKING:
    from anki.collection import Collection

SYNCED_KEY = "anki_synced:"
"""Preference key (plus the mirror's folder name): when that mirror last synced."""
STATE_KEY = "anki_state:"
"""Preference key (plus the mirror's folder name): Flywheel's fingerprint and the mirror's
modification time as the last complete sync left them; both unchanged, there is nothing to do."""
LAST_SYNC = "anki_last_sync"
"""Preference: when any sync with Anki last ended (shown on the home screen)."""


@dataclass
class SyncOutcome:
    """What one sync did."""

    server: str
    full: str = ""
    """"download" or "upload" after a one-way sync."""
    taken_in: int = 0
    sent: int = 0
    written: NotesWritten = field(default_factory=NotesWritten)
    rescheduled: int = 0
    left_in_anki: int = 0
    """Notes of Flywheel's note types in Anki that no deck file has any more."""

    @property
    def edits(self) -> list[AnkiEdit]:
        return self.written.edits


@dataclass(frozen=True)
class SyncContext:
    """What a sync needs from the workspace."""

    store: Store
    load_plan: Callable[[], tuple[ExportPlan, Sequence[Path]]]
    """The deck files in use as Anki notes, and the folders of their media (read only when the
    sync has something to do: reading every deck file is the slow part of a quiet sync)."""
    today: date
    now: datetime
    rollover_hour: int
    leech_threshold: int | None
    mirror_key: str


def sync_once(
    col: Collection,
    login: Login,
    context: SyncContext,
    *,
    choice: remote.FullSync,
    confirm_upload: Callable[[], bool],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[SyncOutcome, Login]:
    """Run one sync of Flywheel's collection with the server through the mirror `col`."""
    store = context.store
    outcome = SyncOutcome(remote.server_name(login.endpoint))
    first = store.preference(SYNCED_KEY + context.mirror_key) is None
    quiet = store.preference(STATE_KEY + context.mirror_key) == _state(store, col, context.today)
    modified = _modified(col)
    kind, new_endpoint = remote.sync_collection(
        col, login, first=first, choice=choice, confirm_upload=confirm_upload
    )
    if new_endpoint:
        login = Login(login.user, new_endpoint, login.hkey)
    if kind == "none" and quiet and _modified(col) == modified:
        remote.sync_media(col, login)
        store.set_preference(LAST_SYNC, context.now.isoformat(timespec="seconds"))
        return outcome, login
    if kind in ("download", "upload"):
        outcome.full = kind
    plan, media_folders = context.load_plan()
    notes = {entry.guid: entry.note for deck in plan.decks for entry in deck.entries}
    card_of = _flywheel_cards(col, notes)
    outbox = store.anki_outbox()
    found = sort_answers(col, card_of, outbox.unmapped, outbox.taken, _day_of(context))
    pulled = [_capped(answer) for answer in found.pulled]
    store.take_anki_answers(found.assigned, pulled, context.leech_threshold)
    outcome.taken_in = len(pulled)
    outbox = store.anki_outbox()

    def write() -> None:
        types = note_types(col, plan.kinds())
        outcome.written = write_notes(col, plan, types, outbox.note_digests, progress)
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
        outcome.sent = cards_out.write_answers(col, outbox.answers, by_card)
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
    remote.sync_media(col, login)
    stamp = context.now.isoformat(timespec="seconds")
    store.set_preference(SYNCED_KEY + context.mirror_key, stamp)
    store.set_preference(STATE_KEY + context.mirror_key, _state(store, col, context.today))
    store.set_preference(LAST_SYNC, stamp)
    return outcome, login


def _modified(col: Collection) -> int:
    return int(database(col).scalar("SELECT mod FROM col") or 0)


def _state(store: Store, col: Collection, today: date) -> str:
    """Flywheel's fingerprint, the mirror's modification time, and how the mirror's day count
    stands to Flywheel's study day (what due days are placed by)."""
    days = col.sched.today - today.toordinal()
    return f"{store.anki_fingerprint()} {_modified(col)} {days}"


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

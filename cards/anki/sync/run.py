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
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.anki.sync import remote
from cards.anki.sync.login import Login
from cards.anki.sync.mirror import database
from cards.anki.sync.outcome import LAST_SYNC, SyncOutcome
from cards.store.store import Store

if TYPE_CHECKING:
    from anki.collection import Collection

    from cards.anki.export_collection import ExportPlan

SYNCED_KEY = "anki_synced:"
"""Preference key (plus the mirror's folder name): when that mirror last synced."""
STATE_KEY = "anki_state:"
"""Preference key (plus the mirror's folder name): Flywheel's fingerprint and the mirror's
modification time as the last complete sync left them; both unchanged, there is nothing to do."""
USN_KEY = "anki_usn:"
"""Preference key (plus the mirror's folder name): an update sequence number at or below the
server's when the last complete sync began, and which mirror cards were Flywheel's. Review-log
rows that reached the mirror since carry a number at least as high, so while the cards are the
same a sync reads only those rather than the whole log."""


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
    outcome = SyncOutcome(remote.server_name(login.server))
    first = store.preference(SYNCED_KEY + context.mirror_key) is None
    quiet = store.preference(STATE_KEY + context.mirror_key) == _state(store, col, context.today)
    modified = _modified(col)
    start_usn = _usn(col)
    kind, new_endpoint = remote.sync_collection(
        col, login, first=first, choice=choice, confirm_upload=confirm_upload
    )
    if new_endpoint:
        login = replace(login, endpoint=new_endpoint)
    if kind == "none" and quiet and _modified(col) == modified:
        remote.sync_media(col, login)
        store.set_preference(LAST_SYNC, context.now.isoformat(timespec="seconds"))
        return outcome, login
    if kind in ("download", "upload"):
        outcome.full = kind
    from cards.anki.sync.exchange import exchange

    mark = None if first else store.preference(USN_KEY + context.mirror_key)
    cards_digest = exchange(col, login, context, outcome, confirm_upload, progress, mark)
    remote.sync_media(col, login)
    stamp = context.now.isoformat(timespec="seconds")
    store.set_preference(SYNCED_KEY + context.mirror_key, stamp)
    # After a one-way sync the mirror's numbers start again: the next sync reads every row.
    mark = "" if outcome.full else f"{start_usn - 1} {cards_digest}"
    store.set_preference(USN_KEY + context.mirror_key, mark)
    store.set_preference(STATE_KEY + context.mirror_key, _state(store, col, context.today))
    store.set_preference(LAST_SYNC, stamp)
    return outcome, login


def _modified(col: Collection) -> int:
    return int(database(col).scalar("SELECT mod FROM col") or 0)


def _usn(col: Collection) -> int:
    """The mirror's update sequence number: the server's own as of the last sync (the client
    side of the library answers -1 for `col.usn()`, the mark of a change not yet sent)."""
    return int(database(col).scalar("SELECT usn FROM col") or 0)


def _state(store: Store, col: Collection, today: date) -> str:
    """Flywheel's fingerprint, the mirror's modification time, and how the mirror's day count
    stands to Flywheel's study day (what due days are placed by)."""
    days = col.sched.today - today.toordinal()
    return f"{store.anki_fingerprint()} {_modified(col)} {days}"

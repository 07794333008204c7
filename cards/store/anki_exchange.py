"""The store's part in Anki's two roads in: `flywheel sync` (what Anki should hold, and the
answers it brings back) and `flywheel import` (the schedules and note types a package brings).

A mixin of `cards.store.store.Store`, so the sync reads and writes through the store's lock and
durable transactions like every other writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded by a sync or an import only, not by every command that opens the store
    from _thread import RLock

    from cards.anki.import_schedule import ImportedCard, ScheduleReport
    from cards.anki.note_origins import AnkiOrigin
    from cards.anki.sync.ledger import AnkiInbox, AnkiOutbox
    from cards.anki.sync.merge import PulledAnswer
    from cards.schedule.card_schedules import AnkiAnswer


class AnkiExchange:
    """The store's methods for a sync with Anki and an import from it."""

    _db: sqlite3.Connection
    _lock: RLock

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def anki_inbox(self) -> AnkiInbox:
        """Flywheel's answers without an Anki id, and the Anki ids it accounts for."""
        from cards.anki.sync import ledger

        with self._lock:
            return ledger.AnkiInbox(
                ledger.unmapped_answers(self._db), ledger.taken_revlog_ids(self._db)
            )

    def anki_outbox(self, present: set[int]) -> AnkiOutbox:
        """A consistent read of what the mirror should hold; `present`: the Anki ids it has."""
        from cards.anki.sync import ledger

        with self._lock:
            return ledger.AnkiOutbox(
                ledger.card_schedules(self._db),
                ledger.outgoing_answers(self._db, present),
                ledger.note_digests(self._db),
                ledger.note_sources(self._db),
            )

    def take_anki_answers(
        self,
        assigned: Iterable[tuple[int, str, int]],
        pulled: Sequence[PulledAnswer],
        leech_threshold: int | None,
    ) -> None:
        """In one transaction: give Flywheel's answers their Anki ids (`(revlog id, card id,
        review id)`) and log the answers given elsewhere, rescheduling their cards."""
        from cards.anki.sync import ledger
        from cards.anki.sync.merge import merge_pulled

        with self._transaction():
            ledger.map_answers(
                self._db, ((revlog, card, review, False) for revlog, card, review in assigned)
            )
            merge_pulled(self._db, pulled, leech_threshold)

    def anki_fingerprint(self) -> str:
        """A digest of everything a sync writes to Anki: the deck files as last read, every
        card's schedule and flags, and the answers with their Anki ids. Equal digests before and
        after some time mean Flywheel has nothing new to send."""
        import hashlib

        digest = hashlib.sha256()
        with self._lock:
            for query in _FINGERPRINT_QUERIES:
                for row in self._db.execute(query):
                    digest.update(repr(row).encode())
        return digest.hexdigest()

    def remember_note_digests(self, digests: Mapping[str, tuple[str, str]]) -> None:
        """The fields of these notes (by GUID) as just written to Anki."""
        from cards.anki.sync import ledger

        if digests:
            with self._transaction():
                ledger.remember_note_digests(self._db, digests)

    def import_schedules(
        self,
        cards: Iterable[ImportedCard],
        rollover_hour: int,
        history: Iterable[tuple[int, AnkiAnswer]] = (),
        notetypes: dict[int, dict[str, Any]] | None = None,
        origins: Iterable[tuple[str, AnkiOrigin]] = (),
    ) -> ScheduleReport:
        """Give freshly synced imported cards their Anki schedules and the answers of `history`
        (Anki card id, answer, read as a stream), and keep the Anki note types their notes came
        with, in one durable transaction; cards answered here since keep theirs
        (`cards.anki.import_schedule`, `cards.anki.note_origins`)."""
        from cards.anki.import_schedule import apply_schedules
        from cards.anki.note_origins import record_origins

        with self._transaction():
            report = apply_schedules(self._db, cards, rollover_hour, history)
            record_origins(self._db, notetypes or {}, origins)
            return report


_FINGERPRINT_QUERIES = (
    # Each a single row: SQLite joins the columns, so thousands of cards cost one string.
    "SELECT group_concat(quote(path) || quote(sha256) || cache_version, ';') "
    "FROM (SELECT * FROM deck_file ORDER BY path)",
    "SELECT group_concat(quote(id) || ',' || repetitions || ',' || easiness_pct || ',' || "
    "interval || ',' || quote(due) || ',' || reviews || ',' || lapses || ',' || suspended || "
    "',' || quote(buried_until) || ',' || active, ';') FROM (SELECT * FROM card ORDER BY id)",
    "SELECT count(*), max(id), total(grade) FROM review_log",
    "SELECT count(*), max(revlog_id), total(review_id) FROM anki_revlog",
)

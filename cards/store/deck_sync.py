"""Syncing deck files into the database by content hash.

An unchanged file costs a `stat`, and nothing here imports the models: only a changed file is
parsed and its notes upserted (`cards.store.deck_sync_notes`), so the rows are a validated cache of
the files. Card state lives on card rows keyed by stable ids, so editing wording keeps a schedule;
notes and cards that disappear are marked inactive (their history stays) and leave the queues.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from cards.gc_pause import cycle_collector_paused
from cards.store.database import write_transaction

CACHE_VERSION = 2
"""The shape of what sync stores of a file (the validated notes' JSON, read by
`cards.decks.card.from_stored`, and its count of duplicate note ids): files stored under another
version are read again."""


@dataclass
class SyncReport:
    """What a sync did, and the problems of every deck file in use (kept for unchanged ones)."""

    parsed: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    """The problems of the files parsed by this sync (a subset of `problems`)."""
    gone: int = 0
    """Deck files in use before this sync and no longer: their cards left the queues."""
    reordered: bool = False

    @property
    def changed(self) -> bool:
        """Whether the queues may differ: a file read, gone or moved in the deck-file order."""
        return bool(self.parsed or self.gone or self.reordered)


def sync(connection: sqlite3.Connection, paths: list[Path]) -> SyncReport:
    """Bring the notes and cards tables in line with the deck files at `paths`, in that order."""
    with cycle_collector_paused():
        return _sync(connection, paths)


def _sync(connection: sqlite3.Connection, paths: list[Path]) -> SyncReport:
    report = SyncReport()
    known = {
        row[0]: row[1:]
        for row in connection.execute(
            "SELECT path, rank, mtime_ns, size, sha256, cache_version FROM deck_file"
        )
    }
    wanted = {_key(path): (rank, path) for rank, path in enumerate(paths)}
    with write_transaction(connection):
        forgotten = known.keys() - wanted.keys()
        for key in forgotten:
            _forget_file(connection, key)
        reranked = any(key in known and known[key][0] != rank for key, (rank, _) in wanted.items())
        changed = [
            change
            for key, (rank, path) in wanted.items()
            if (change := file_change(connection, key, rank, path, known.get(key))) is not None
        ]
        report.gone, report.reordered = len(forgotten), reranked
        if changed or forgotten or reranked:
            from cards.store.deck_sync_notes import (
                load_files,  # the models, only when something changed
            )

            load_files(connection, report, changed, wanted)
    return stored_report(connection, report)


def stored_report(connection: sqlite3.Connection, report: SyncReport | None = None) -> SyncReport:
    """`report` (a new one if None) with the problems stored for every deck file in use."""
    report = report or SyncReport()
    for (problems,) in connection.execute("SELECT problems FROM deck_file ORDER BY rank"):
        report.problems.extend(json.loads(problems))
    return report


UNREADABLE = "unreadable"
"""The digest stored for a file that could not be read: it is read again at every sync, since
making it readable (chmod) leaves its size and modification time as they were."""


def _key(path: Path) -> str:
    """A deck file's row key: its absolute path with links followed, where they can be."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a link loop: keep the name as given
        return str(path.absolute())


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class FileChange(NamedTuple):
    """A deck file whose content differs from what was last synced."""

    key: str
    rank: int
    path: Path
    mtime_ns: int
    size: int
    digest: str


def file_change(
    connection: sqlite3.Connection,
    key: str,
    rank: int,
    path: Path,
    known: tuple[int, int, int, str, int] | None,
) -> FileChange | None:
    """The file's new content, or None when it is unchanged (its rank kept up to date)."""
    if known and known[4] != CACHE_VERSION:
        known = None  # stored by another version: read it again, as if new
    try:
        stat = path.stat()
    except OSError:
        _forget_file(connection, key)
        return None
    if (
        known
        and known[3] != UNREADABLE
        and (known[1], known[2]) == (stat.st_mtime_ns, stat.st_size)
    ):
        if known[0] != rank:
            connection.execute("UPDATE deck_file SET rank = ? WHERE path = ?", (rank, key))
            _rerank_cards(connection, key, rank)
        return None
    from hashlib import file_digest  # OpenSSL's hashes load only for a file whose stat changed

    try:
        with path.open("rb") as file:  # read in blocks: a large file is never held whole
            digest = file_digest(file, "sha256").hexdigest()
    except OSError:  # reading it again in `_load_file` reports why, and keeps its last notes
        digest = UNREADABLE
    if known and known[3] == digest:
        connection.execute(
            "UPDATE deck_file SET rank = ?, mtime_ns = ?, size = ? WHERE path = ?",
            (rank, stat.st_mtime_ns, stat.st_size, key),
        )
        if known[0] != rank:
            _rerank_cards(connection, key, rank)
        return None
    return FileChange(key, rank, path, stat.st_mtime_ns, stat.st_size, digest)


def _rerank_cards(connection: sqlite3.Connection, key: str, rank: int) -> None:
    """Cards carry their file's rank (for the new-card order, see `cards.store.database` migration
    2)."""
    connection.execute(
        "UPDATE card SET file_rank = ? WHERE note_id IN (SELECT id FROM note WHERE file = ?)",
        (rank, key),
    )


def _forget_file(connection: sqlite3.Connection, key: str) -> None:
    """A deck file no longer in use: its notes and cards leave the queues, their history stays."""
    connection.execute(
        "UPDATE card SET active = 0 WHERE note_id IN (SELECT id FROM note WHERE file = ?)", (key,)
    )
    connection.execute("UPDATE note SET active = 0 WHERE file = ?", (key,))
    connection.execute("DELETE FROM deck_file WHERE path = ?", (key,))

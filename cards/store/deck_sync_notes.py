"""Loading changed deck files into the database: the part of a sync that needs the models.

`cards.store.deck_sync` imports this only when a file changed, so a start-up with unchanged decks
never loads Pydantic.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from cards.decks.lines import note_line
from cards.decks.problems import Problem, duplicate_note_id
from cards.decks.vocabulary import deck_key
from cards.schedule.day_order import card_shuffle
from cards.store.deck_sync import CACHE_VERSION, FileChange, SyncReport, file_change
from cards.store.deck_sync_read import NotSound, StoredDeck, streamed_deck, whole_stored_deck
from cards.store.search_text import stored_search_text, tag_key


def load_files(
    connection: sqlite3.Connection,
    report: SyncReport,
    changed: list[FileChange],
    wanted: dict[str, tuple[int, Path]],
) -> None:
    """Store the changed files' notes in deck-file order, then settle note ids held twice."""
    pending = {change.key for change in changed}
    displaced: set[str] = set()
    for change in changed:
        pending.discard(change.key)
        _load_file(connection, report, change, pending, displaced)
    _settle_duplicates(connection, report, wanted, displaced)


def _settle_duplicates(
    connection: sqlite3.Connection,
    report: SyncReport,
    wanted: dict[str, tuple[int, Path]],
    displaced: set[str],
) -> None:
    """One rule for a note id declared in two files, as `cards.decks.loading.load_collection` has
    it: the copy in the earlier file (in deck-file order) is the one in use.

    Files that lost a note to an earlier one, and files holding a duplicate (whose earlier copy
    may be gone now), are read again until no file changes hands.
    """
    for _ in range(len(wanted)):
        again = displaced | {
            key for (key,) in connection.execute("SELECT path FROM deck_file WHERE duplicates > 0")
        }
        displaced = set()
        for key in sorted(again & wanted.keys(), key=lambda key: wanted[key][0]):
            rank, path = wanted[key]
            change = file_change(connection, key, rank, path, None)
            if change is not None:
                _load_file(connection, report, change, set(), displaced)
        if not displaced:
            return


def _load_file(
    connection: sqlite3.Connection,
    report: SyncReport,
    change: FileChange,
    pending: set[str],
    displaced: set[str],
) -> None:
    """Store the file's notes, or keep its last good ones while it cannot be read at all.

    `pending` are the changed files not loaded yet: their notes may have moved here, so they
    do not count as the owners of a note id.
    """
    report.parsed.append(change.path)
    stored = _store_streamed(connection, change, pending, displaced)
    if stored is None:
        stored = _store_whole(connection, change, pending, displaced)
    deck_name, cards, source, problems = stored
    report.found.extend(str(problem) for problem in problems)
    connection.execute(
        "INSERT OR REPLACE INTO deck_file (path, rank, mtime_ns, size, sha256, deck, deck_key, "
        "cards, problems, duplicates, source, cache_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            change.key,
            change.rank,
            change.mtime_ns,
            change.size,
            change.digest,
            deck_name,
            None if deck_name is None else deck_key(deck_name),
            cards,
            json.dumps([str(problem) for problem in problems], ensure_ascii=False),
            sum(problem.kind == "duplicate-id" for problem in problems),
            source,
            CACHE_VERSION,
        ),
    )


Item = TypeVar("Item")
Stored = tuple[str | None, int, str | None, list[Problem]]
"""What a file's row records: its deck's name, its cards, its `[source]` JSON, its problems."""


def _store_streamed(
    connection: sqlite3.Connection, change: FileChange, pending: set[str], displaced: set[str]
) -> Stored | None:
    """The file's notes stored as they are read, or None (and nothing stored) when it has a
    problem only reading it whole can name."""
    deck = streamed_deck(change.path)
    if deck is None:
        return None
    displaced_before = set(displaced)
    connection.execute("SAVEPOINT streamed_file")
    try:
        cards, duplicates = _store_notes(connection, change, deck, pending, displaced)
    except NotSound:
        connection.execute("ROLLBACK TO streamed_file")
        connection.execute("RELEASE streamed_file")
        displaced.intersection_update(displaced_before)
        return None
    # Any other error goes to the caller untouched: a full disk has SQLite roll the whole
    # transaction back, savepoint and all.
    connection.execute("RELEASE streamed_file")
    return deck.name, cards, deck.source, duplicates


def _store_whole(
    connection: sqlite3.Connection, change: FileChange, pending: set[str], displaced: set[str]
) -> Stored:
    deck, problems = whole_stored_deck(change.path)
    if deck is None:
        row = connection.execute(
            "SELECT deck, cards, source FROM deck_file WHERE path = ?", (change.key,)
        ).fetchone()
        deck_name, cards, source = row if row else (None, 0, None)
        return deck_name, cards, source, problems
    cards, duplicates = _store_notes(connection, change, deck, pending, displaced)
    return deck.name, cards, deck.source, problems + duplicates


def _store_notes(
    connection: sqlite3.Connection,
    change: FileChange,
    deck: StoredDeck,
    pending: set[str],
    displaced: set[str],
) -> tuple[int, list[Problem]]:
    """Upsert the file's notes and cards as they come and retire the ones it no longer has:
    (cards, problems).

    A note id another file holds stays there when that file comes earlier; otherwise this file
    takes it over and the other file goes into `displaced`, to be read again.
    """
    key, rank, path = change.key, change.rank, change.path
    problems = []
    seen: set[str] = set()
    stored_notes: list[str] = []
    stored_cards: list[str] = []
    name, name_key = deck.name, deck_key(deck.name)
    for batch in _batches(enumerate(deck.notes), _ROWS_AT_ONCE):
        owners = _owners(connection, key, rank, [note.id for _, note in batch], pending, displaced)
        note_rows: list[NoteRow] = []
        search_rows: list[SearchRow] = []
        card_rows: list[tuple[str, str, int, int, int, int]] = []
        for position, note in batch:
            if note.id in owners or note.id in seen:
                where = owners.get(note.id, str(path))
                line = note_line(path, note.id, 1 if note.id in owners else 2)
                problems.append(duplicate_note_id(path, note.id, line, f"already in {where}"))
                continue
            seen.add(note.id)
            stored_notes.append(note.id)
            note_rows.append((note.id, key, name, name_key, position, note.body))
            words = stored_search_text(note.body)
            search_rows.append((note.id, name_key, words, tag_key(note.tags)))
            for ord_, card_id in enumerate(note.card_ids):
                stored_cards.append(card_id)
                card_rows.append((card_id, note.id, ord_, rank, position, card_shuffle(card_id)))
        _write_rows(connection, note_rows, search_rows, card_rows)
    # Only what the file no longer has steps down: rows it still has are written once, above.
    connection.execute(
        "UPDATE card SET active = 0 WHERE active = 1 AND note_id IN "
        "(SELECT id FROM note WHERE file = ?) AND id NOT IN (SELECT value FROM json_each(?))",
        (key, json.dumps(stored_cards)),
    )
    connection.execute(
        "UPDATE note SET active = 0 WHERE active = 1 AND file = ? AND id NOT IN "
        "(SELECT value FROM json_each(?))",
        (key, json.dumps(stored_notes)),
    )
    return len(stored_cards), problems


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """`items` as lists of `size` (the last shorter), read as they are asked for."""
    stream = iter(items)
    while batch := list(itertools.islice(stream, size)):
        yield batch


def _owners(
    connection: sqlite3.Connection,
    key: str,
    rank: int,
    note_ids: list[str],
    pending: set[str],
    displaced: set[str],
) -> dict[str, str]:
    """Of `note_ids`, those an earlier file holds (id -> that file); later files holding one
    go into `displaced`."""
    owners = {}
    for note_id, file, owner_rank in connection.execute(
        "SELECT n.id, n.file, f.rank FROM note n JOIN deck_file f ON f.path = n.file "
        "WHERE n.active = 1 AND n.file != ? AND n.id IN (SELECT value FROM json_each(?))",
        (key, json.dumps(note_ids)),
    ):
        if file in pending:
            continue
        if owner_rank < rank:
            owners[note_id] = file
        else:
            displaced.add(file)
    return owners


NoteRow = tuple[str, str, str, str, int, str]
SearchRow = tuple[str, str, str, str]

_ROWS_AT_ONCE = 2000
"""Notes written per `executemany`: a large file's rows are never all built at once."""


def _write_rows(
    connection: sqlite3.Connection,
    note_rows: list[NoteRow],
    search_rows: list[SearchRow],
    card_rows: list[tuple[str, str, int, int, int, int]],
) -> None:
    """Upsert notes and their cards; rows already as they should be are left unwritten (the
    WHERE of each upsert), so an edit of one note rewrites that note, not the whole file's."""
    connection.executemany(
        "INSERT INTO note (id, file, deck, deck_key, position, body, active) "
        "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET file = excluded.file, "
        "deck = excluded.deck, deck_key = excluded.deck_key, position = excluded.position, "
        "body = excluded.body, active = 1 "
        "WHERE (note.file, note.deck, note.deck_key, note.position, note.body, note.active) "
        "IS NOT (excluded.file, excluded.deck, excluded.deck_key, excluded.position, "
        "excluded.body, 1)",
        note_rows,
    )
    connection.executemany(
        "INSERT INTO note_search (note_id, deck_key, words, tags) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (note_id) DO UPDATE SET deck_key = excluded.deck_key, "
        "words = excluded.words, tags = excluded.tags "
        "WHERE (note_search.deck_key, note_search.words, note_search.tags) "
        "IS NOT (excluded.deck_key, excluded.words, excluded.tags)",
        search_rows,
    )
    connection.executemany(
        "INSERT INTO card (id, note_id, ord, file_rank, position, shuffle, active, note_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, (SELECT key FROM note_search WHERE note_id = ?2)) "
        "ON CONFLICT (id) DO UPDATE SET ord = excluded.ord, file_rank = excluded.file_rank, "
        "position = excluded.position, active = 1, note_key = excluded.note_key "
        "WHERE (card.ord, card.file_rank, card.position, card.active, card.note_key) IS NOT "
        "(excluded.ord, excluded.file_rank, excluded.position, 1, excluded.note_key)",
        card_rows,
    )

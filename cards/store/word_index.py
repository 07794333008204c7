"""Keeping `note_words`, browse's trigram index of each note's folded words, in step with
`note_search` (migration 18 made both).

The index is written by the statements that change the search rows, not by triggers: a trigger
writing into a full-text table makes SQLite flush the index's pending words to disk at every
row an upsert touches, which tripled the time of storing a large file's notes. A word stands in
the index with a newline after it, so each two characters of the text start a piece of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

FILL = "INSERT INTO note_words (rowid, words) SELECT key, words || char(10) FROM note_search"
"""Index every search row (into an empty index)."""


def indexed_words(
    connection: sqlite3.Connection, note_ids: Iterable[str]
) -> dict[str, tuple[int, str]]:
    """Each of `note_ids`' search key and words as they stand."""
    rows = connection.execute(
        "SELECT note_id, key, words FROM note_search WHERE note_id IN "
        "(SELECT value FROM json_each(?))",
        (json.dumps(list(note_ids)),),
    )
    return {note_id: (key, words) for note_id, key, words in rows}


def index_changes(
    connection: sqlite3.Connection,
    before: dict[str, tuple[int, str]],
    after: dict[str, tuple[int, str]],
) -> None:
    """Take out of the index the words of rows that changed or went, and put in the new ones."""
    gone = [
        (key, words + "\n")
        for note_id, (key, words) in before.items()
        if after.get(note_id) != (key, words)
    ]
    new = [
        (key, words + "\n")
        for note_id, (key, words) in after.items()
        if before.get(note_id) != (key, words)
    ]
    connection.executemany(
        "INSERT INTO note_words (note_words, rowid, words) VALUES ('delete', ?, ?)", gone
    )
    connection.executemany("INSERT INTO note_words (rowid, words) VALUES (?, ?)", new)

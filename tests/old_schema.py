"""A collection taken back to an older schema, for the tests of upgrading one.

Each migration's undoing is written once here, newest first, so a test names the version it
starts from instead of repeating the statements; a new migration adds its undoing at the top.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from cards.store.migrations import SCHEMA_VERSION

UNDO: dict[int, tuple[str, ...]] = {
    20: (
        "CREATE TRIGGER note_words_added AFTER INSERT ON note_search BEGIN "
        "INSERT INTO note_words (rowid, words) VALUES (new.key, new.words || char(10)); END",
        "CREATE TRIGGER note_words_changed AFTER UPDATE OF key, words ON note_search "
        "WHEN old.key IS NOT new.key OR old.words IS NOT new.words BEGIN "
        "INSERT INTO note_words (note_words, rowid, words) "
        "VALUES ('delete', old.key, old.words || char(10)); "
        "INSERT INTO note_words (rowid, words) VALUES (new.key, new.words || char(10)); END",
        "CREATE TRIGGER note_words_removed AFTER DELETE ON note_search BEGIN "
        "INSERT INTO note_words (note_words, rowid, words) "
        "VALUES ('delete', old.key, old.words || char(10)); END",
    ),
    19: (),  # NULs in the folded words made newlines: data only
    18: (
        "DROP TRIGGER note_words_added",
        "DROP TRIGGER note_words_changed",
        "DROP TRIGGER note_words_removed",
        "DROP TABLE note_words_terms",
        "DROP TABLE note_words",
        "CREATE TABLE note_search_unkeyed (note_id TEXT PRIMARY KEY, deck_key TEXT NOT NULL,"
        " words TEXT NOT NULL, tags TEXT NOT NULL)",
        "INSERT INTO note_search_unkeyed SELECT note_id, deck_key, words, tags FROM note_search",
        "DROP TABLE note_search",
        "ALTER TABLE note_search_unkeyed RENAME TO note_search",
        "DROP INDEX card_retired",
        "DROP INDEX card_deck_order",
        "ALTER TABLE card DROP COLUMN note_key",
        "CREATE INDEX card_deck_order ON card(file_rank, position, ord, id) WHERE active = 1",
    ),
    17: ("DROP TABLE note_search", "DROP INDEX card_deck_order"),
    16: (),  # lapses counted again: data only
    15: (
        "DROP INDEX card_due",
        "ALTER TABLE card DROP COLUMN shuffle",
        "CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0 AND suspended = 0",
    ),
    14: ("ALTER TABLE deck_file DROP COLUMN duplicates",),
    13: ("ALTER TABLE note DROP COLUMN deck_key", "ALTER TABLE deck_file DROP COLUMN deck_key"),
    12: ("DROP TABLE anki_origin", "DROP TABLE anki_notetype"),
    11: ("DROP TABLE anki_revlog", "DROP TABLE anki_note"),
    10: ("DROP TABLE settings_cache",),
    9: ("ALTER TABLE deck_file DROP COLUMN cache_version",),
    8: ("DROP INDEX note_added", "ALTER TABLE note DROP COLUMN added_on"),
    7: ("DROP TABLE preference", "ALTER TABLE review_log DROP COLUMN seconds"),
    6: ("DROP TABLE imported_review", "DROP TABLE imported_state"),
    5: ("ALTER TABLE deck_file DROP COLUMN source",),
    4: ("DROP TABLE action",),
    3: (
        "DROP INDEX note_file",
        "ALTER TABLE deck_file DROP COLUMN cards",
        "DROP INDEX card_due",
        "CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0",
    ),
    2: (
        "DROP INDEX card_new_order",
        "ALTER TABLE card DROP COLUMN file_rank",
        "ALTER TABLE card DROP COLUMN position",
        "DROP INDEX card_due",
        "CREATE INDEX card_due ON card(due) WHERE active = 1 AND reviews > 0",
    ),
}


def take_back_to(path: Path, version: int) -> None:
    """Undo the migrations after `version` on the collection at `path`, newest first."""
    assert set(UNDO) == set(range(2, SCHEMA_VERSION + 1)), "a migration has no undoing here"
    with closing(sqlite3.connect(path)) as connection, connection:
        for step in range(SCHEMA_VERSION, version, -1):
            for statement in UNDO[step]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {version}")

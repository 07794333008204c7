"""Opening the collection database: identity, version, pragmas and migrations.

A file that is not a Flywheel database is never written to, and a database made by a newer
Flywheel is refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cards.decks.vocabulary import deck_key
from cards.errors import FlywheelError
from cards.store.database_errors import ReadOnlyCollection, Trouble, explain, trouble, writable

APPLICATION_ID = 0x46_57_48_4C  # "FWHL"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE deck_file (
        path TEXT PRIMARY KEY,
        rank INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        deck TEXT,
        problems TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE note (
        id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        deck TEXT NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE card (
        id TEXT PRIMARY KEY,
        note_id TEXT NOT NULL REFERENCES note(id),
        ord INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        repetitions INTEGER NOT NULL DEFAULT 0,
        easiness_pct INTEGER NOT NULL DEFAULT 250,
        interval INTEGER NOT NULL DEFAULT 0,
        due TEXT,
        reviews INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT
    );
    CREATE INDEX card_note ON card(note_id);
    CREATE INDEX card_due ON card(due) WHERE active = 1 AND reviews > 0;
    CREATE INDEX card_new ON card(note_id, ord) WHERE active = 1 AND reviews = 0;
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES card(id),
        answered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        drill INTEGER NOT NULL,
        was_new INTEGER NOT NULL,
        repetitions_before INTEGER NOT NULL,
        easiness_before INTEGER NOT NULL,
        interval_before INTEGER NOT NULL,
        due_before TEXT,
        repetitions_after INTEGER NOT NULL,
        easiness_after INTEGER NOT NULL,
        interval_after INTEGER NOT NULL,
        due_after TEXT,
        made_leech INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_log_card ON review_log(card_id, id);
    CREATE INDEX review_log_day ON review_log(day);
    """,
    # 2: today's queue reads only its first cards. New cards: each card carries its deck file's
    # rank and its note's position (kept up to date by `cards.store.deck_sync`), indexed over the
    # active cards never reviewed. Due cards: the index also holds the id, the tie-break of the
    # order, so a backlog of thousands of overdue cards is not sorted on every answer.
    """
    DROP INDEX card_due;
    CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0;
    ALTER TABLE card ADD COLUMN file_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE card ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    UPDATE card SET
        file_rank = coalesce((SELECT f.rank FROM note n JOIN deck_file f ON f.path = n.file
                              WHERE n.id = card.note_id), 0),
        position = coalesce((SELECT n.position FROM note n WHERE n.id = card.note_id), 0);
    CREATE INDEX card_new_order ON card(file_rank, position, ord)
        WHERE active = 1 AND reviews = 0;
    """,
    # 3: syncing a changed deck file retires and looks up its notes by file; each file keeps its
    # card count (the home screen's totals, without counting every card at start); the forecast
    # counts due dates from the index alone, so suspended cards leave it too.
    """
    CREATE INDEX note_file ON note(file);
    ALTER TABLE deck_file ADD COLUMN cards INTEGER NOT NULL DEFAULT 0;
    UPDATE deck_file SET cards = (
        SELECT count(*) FROM note n JOIN card c ON c.note_id = n.id
        WHERE n.file = deck_file.path AND n.active = 1 AND c.active = 1);
    DROP INDEX card_due;
    CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0 AND suspended = 0;
    """,
    # 4: every undoable change is an action, in one sequence, so undo takes back the latest one
    # (answer, suspend, unsuspend or bury) and only the sitting that made it; the queue reads the
    # day's actions to keep a touched note's siblings for the next day. The answers of the latest
    # study day become actions of no sitting, so `flywheel undo` still reaches them (and their
    # siblings still wait); older answers stay in the log alone, since backfilling a large log
    # would stall the first start after an upgrade for seconds.
    """
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('answer', 'suspend', 'unsuspend', 'bury')),
        card_id TEXT NOT NULL REFERENCES card(id),
        day TEXT NOT NULL,
        sitting TEXT NOT NULL,
        review_id INTEGER UNIQUE REFERENCES review_log(id),
        suspended_before INTEGER,
        buried_until_before TEXT
    );
    CREATE INDEX action_card ON action(card_id, id);
    CREATE INDEX action_sitting ON action(sitting, id);
    INSERT INTO action (kind, card_id, day, sitting, review_id)
        SELECT 'answer', card_id, day, '', id FROM review_log
        WHERE day = (SELECT max(day) FROM review_log) ORDER BY id;
    """,
    # 5: each file keeps its deck's [source] table (JSON), so a card shows its document's title;
    # every file is read again at the next sync to fill it in.
    """
    ALTER TABLE deck_file ADD COLUMN source TEXT;
    UPDATE deck_file SET mtime_ns = 0, sha256 = '';
    """,
    # 6: schedules imported from Anki. `imported_state` is where a card stood when it arrived, the
    # starting point from which its own answers are replayed; `imported_review` keeps the Anki
    # review log as history, never replayed through SM-2 (Anki did not schedule by SM-2's rules).
    """
    CREATE TABLE imported_state (
        card_id TEXT PRIMARY KEY REFERENCES card(id),
        repetitions INTEGER NOT NULL,
        easiness_pct INTEGER NOT NULL,
        interval INTEGER NOT NULL,
        due TEXT,
        reviews INTEGER NOT NULL,
        lapses INTEGER NOT NULL
    );
    CREATE TABLE imported_review (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES card(id),
        anki_id INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        button INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        interval INTEGER NOT NULL,
        last_interval INTEGER NOT NULL,
        factor INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        UNIQUE (card_id, anki_id)
    );
    CREATE INDEX imported_review_day ON imported_review(day);
    """,
    # 7: how long each answer took (seconds from question to grade, capped; NULL when unknown,
    # as for every earlier answer), and choices the user made in the app (language, theme),
    # remembered across launches with the collection rather than in the installed package.
    """
    ALTER TABLE review_log ADD COLUMN seconds REAL;
    CREATE TABLE preference (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 8: the study day a note was added from Flywheel itself (`flywheel add`, the add form), so
    # its first card joins the new cards from that day on ahead of the deck-file order.
    """
    ALTER TABLE note ADD COLUMN added_on TEXT;
    CREATE INDEX note_added ON note(added_on) WHERE added_on IS NOT NULL;
    """,
    # 9: the version of what sync stores of each file's notes
    # (`cards.store.deck_sync.CACHE_VERSION`): a file stored by another version is read again,
    # whatever its stat says.
    """
    ALTER TABLE deck_file ADD COLUMN cache_version INTEGER NOT NULL DEFAULT 0;
    """,
    # 10: the config's settings as last validated, keyed by its stat (`cards.store.settings_cache`).
    """
    CREATE TABLE settings_cache (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, version INTEGER NOT NULL,
        settings TEXT NOT NULL);
    """,
    # 11: what `flywheel sync` has exchanged with Anki. Each answer on either side has one Anki
    # review-log id: `anki_revlog` ties it to its review_log row (`pulled` when it came from
    # another device), so a sync never sends or takes the same answer twice. `anki_note` holds a
    # digest of each note's fields as last written to Anki, to tell an edit made there, and of
    # what they were made from, so an unchanged note is not rendered again.
    """
    CREATE TABLE anki_revlog (revlog_id INTEGER PRIMARY KEY, card_id TEXT NOT NULL,
        review_id INTEGER, pulled INTEGER NOT NULL);
    CREATE INDEX anki_revlog_review ON anki_revlog(review_id);
    CREATE TABLE anki_note (guid TEXT PRIMARY KEY, fields_sha TEXT NOT NULL,
        source_sha TEXT NOT NULL);
    """,
    # 12: the Anki note type each imported note came with, and its fields as they were, so an
    # export sends the note back as that type (`cards.anki.note_origins`).
    """
    CREATE TABLE IF NOT EXISTS anki_notetype (id INTEGER PRIMARY KEY, definition TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS anki_origin (guid TEXT PRIMARY KEY, notetype_id INTEGER NOT NULL,
        kind TEXT NOT NULL, lang TEXT NOT NULL, fields TEXT NOT NULL);
    """,
    # 13: each deck name's key as names are compared (`cards.decks.vocabulary.deck_key`, Unicode
    # case folding), beside the name, so a query matches `ärger` to `Ärger` as Python does: SQLite's
    # `lower()` folds ASCII letters only. Filled here by the same Python function.
    """
    ALTER TABLE note ADD COLUMN deck_key TEXT NOT NULL DEFAULT '';
    UPDATE note SET deck_key = flywheel_deck_key(deck);
    ALTER TABLE deck_file ADD COLUMN deck_key TEXT;
    UPDATE deck_file SET deck_key = flywheel_deck_key(deck) WHERE deck IS NOT NULL;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """`BEGIN IMMEDIATE ... COMMIT`, the one way anything is written: on any error the
    transaction is rolled back (unless SQLite already did, as after a full disk) and the error
    goes on."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if new) the collection at `path`, migrated to the current schema.

    The folder must exist: only the default location is created, by `Locations.database`.
    """
    _refuse_foreign_file(path)
    if not path.parent.is_dir():
        raise FlywheelError(f"{path}: folder {path.parent} does not exist (create it first)")
    try:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as error:
        raise FlywheelError(f"{path}: cannot open the database: {error}") from None
    try:
        check_identity(connection, path)
        _configure(connection)
        _migrate(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        if path.exists() and not writable(path) and trouble(error) is not Trouble.DAMAGED:
            raise ReadOnlyCollection(explain(error, path) or f"{path}: read-only") from None
        message = explain(error, path) or f"{path}: not a usable Flywheel database ({error})"
        raise FlywheelError(message) from None
    except FlywheelError:
        connection.close()
        raise
    return connection


def connect_reader(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A second, query-only connection to an open collection: in WAL it sees committed data only,
    so a screen never shows rows that a write in progress may still roll back. `read_only`: the
    collection cannot be written (see `cards.store.database_read_only`)."""
    from cards.store.database_read_only import read_only_uri  # its module imports this one

    target = read_only_uri(path) if read_only else str(path)
    try:
        connection = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
            uri=read_only,
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA query_only = ON")
    except sqlite3.Error as error:
        raise FlywheelError(f"{path}: cannot open the database: {error}") from None
    return connection


def _refuse_foreign_file(path: Path) -> None:
    if path.is_dir():
        raise FlywheelError(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as error:
        raise FlywheelError(f"{path}: cannot read: {error.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise FlywheelError(f"{path}: not a Flywheel database (not an SQLite file); left untouched")


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")


def check_identity(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's database, or a newer Flywheel's, before writing anything."""
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if app_id != APPLICATION_ID and (app_id or tables or version):
        raise FlywheelError(f"{path}: not a Flywheel database (another program's); left untouched")
    if version > SCHEMA_VERSION:
        raise FlywheelError(
            f"{path}: made by a newer Flywheel (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}); upgrade Flywheel to open it"
        )


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date; a current database is not written to at all."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if (version, app_id) == (SCHEMA_VERSION, APPLICATION_ID):
        return
    connection.create_function("flywheel_deck_key", 1, deck_key, deterministic=True)
    with write_transaction(connection):
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

"""Opening the collection database: identity, version, pragmas, and running the migrations
(`cards.store.migrations`).

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
from cards.schedule.day_order import card_shuffle
from cards.store.database_errors import ReadOnlyCollection, Trouble, explain, trouble, writable
from cards.store.migrations import MIGRATIONS, SCHEMA_VERSION
from cards.store.search_text import stored_search_text, stored_tag_key

APPLICATION_ID = 0x46_57_48_4C  # "FWHL"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


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
    connection.create_function("flywheel_card_shuffle", 1, card_shuffle, deterministic=True)
    connection.create_function("flywheel_search_text", 1, stored_search_text, deterministic=True)
    connection.create_function("flywheel_tag_key", 1, stored_tag_key, deterministic=True)
    with write_transaction(connection):
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in statements(MIGRATIONS[number]):
                connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def statements(script: str) -> list[str]:
    """`script`'s statements one by one: split at each `;` that ends one, not at those inside a
    trigger's body (`sqlite3.complete_statement` tells which)."""
    found: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending)
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending)
    return found

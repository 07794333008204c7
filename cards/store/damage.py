"""A damaged collection file: noticed once, written to never again until it is repaired.

SQLite reports a damaged page only when a query reaches it, so `due` and `answer` may work on
while the review log is unreadable. Whichever command first meets the damage (or `doctor`)
leaves a mark beside the database; every command that writes refuses while the mark is there,
and `flywheel doctor --repair` removes it once the file is sound again: by rebuilding the
indexes when only they are damaged, else by copying every readable row into a new file and
keeping the damaged one beside it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path

from cards.errors import FlywheelError
from cards.store.database import connect
from cards.store.database_errors import Trouble, trouble
from cards.store.word_index import FILL


def mark_path(database: Path) -> Path:
    return database.with_name(database.name + ".damaged")


def mark_damaged(database: Path, reason: str) -> None:
    """Leave the mark that stops writes (best effort: a read-only folder keeps no mark)."""
    with suppress(OSError):
        mark_path(database).write_text(reason + "\n", "utf-8")


def clear_mark(database: Path) -> None:
    mark_path(database).unlink(missing_ok=True)


def refuse_if_damaged(database: Path) -> None:
    """Raise when the collection was found damaged and not repaired since."""
    try:
        reason = mark_path(database).read_text("utf-8", errors="replace").strip()
    except FileNotFoundError:
        return
    except OSError:
        reason = "unknown"
    raise FlywheelError(
        f"{database}: found damaged ({reason or 'unknown'}); nothing is written to it until "
        "`flywheel doctor --repair` has repaired it"
    )


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """True for SQLite's report of a damaged file (not a lock, a full disk or a bad query)."""
    return trouble(error) is Trouble.DAMAGED


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [row[0] for row in rows if row[0] != "ok"]


def reindex(connection: sqlite3.Connection) -> bool:
    """Rebuild every index from its table; True when the file is sound afterwards."""
    try:
        connection.execute("REINDEX")
    except sqlite3.DatabaseError:
        return False
    return not integrity_problems(connection)


def _tables_of_rows(connection: sqlite3.Connection) -> list[str]:
    """The tables whose rows a salvage copies: not SQLite's own, nor an index's such as
    `note_words` and the tables under it, filled again once the rows are copied."""
    found = connection.execute(
        "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_schema WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    virtual = [name for name, is_virtual in found if is_virtual]
    return [
        name
        for name, is_virtual in found
        if not is_virtual and not any(name.startswith(f"{index}_") for index in virtual)
    ]


def salvage(database: Path) -> tuple[Path, dict[str, int]]:
    """Copy every readable row into a new collection that takes `database`'s place.

    The damaged file is kept beside it, renamed; returns that name and the rows copied per
    table. Schedules are rebuilt from the surviving log afterwards by `cards.store.doctor.repair`.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fresh = database.with_name(f".{database.name}.salvage-{stamp}")
    kept = database.with_name(f"{database.name}.damaged-{stamp}")
    copied: dict[str, int] = {}
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = connect(fresh)
    try:
        target.execute("PRAGMA foreign_keys = OFF")
        target.execute("BEGIN IMMEDIATE")
        tables = _tables_of_rows(target)
        for table in tables:
            columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            insert = (
                f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
            )
            copied[table] = 0
            for row in _readable_rows(source, table, names):
                target.execute(insert, row)
                copied[table] += 1
        if "note_search" in copied:
            target.execute(FILL)
        if "action" in copied:  # undo records of answers or cards that were lost
            target.execute(
                "DELETE FROM action WHERE card_id NOT IN (SELECT id FROM card) OR "
                "(review_id IS NOT NULL AND review_id NOT IN (SELECT id FROM review_log))"
            )
        if not any(copied.values()):
            raise FlywheelError(
                f"{database}: no row can be read; the file is left as it is (restore a backup)"
            )
        target.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            target.execute("ROLLBACK")
        target.close()
        source.close()
        for leftover in (fresh, *(fresh.with_name(fresh.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target.close()
    source.close()
    os.replace(database, kept)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, kept.with_name(kept.name + suffix))
    os.replace(fresh, database)
    fresh.with_name(fresh.name + "-wal").unlink(missing_ok=True)
    fresh.with_name(fresh.name + "-shm").unlink(missing_ok=True)
    return kept, copied


def _readable_rows(
    source: sqlite3.Connection, table: str, names: str
) -> Iterator[tuple[object, ...]]:
    """Each row that can be read, walking by rowid and stepping over unreadable stretches.

    Past damage the walk leaps ever further until a read succeeds, then searches back for the
    first rowid after which reading works again, so little that is readable is skipped.
    """
    query = f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 200"

    def read(after: int) -> list[tuple[object, ...]] | None:
        try:
            with closing(source.execute(query, (after,))) as cursor:
                return cursor.fetchall()
        except sqlite3.DatabaseError:
            return None

    after = -(1 << 62)
    while True:
        rows = read(after)
        if rows is None:
            bad, step = max(after, 0), 1
            while rows is None and bad + step < 1 << 62:
                rows = read(bad + step)
                if rows is None:
                    bad, step = bad + step, step * 2
            if rows is None:
                return
            good = bad + step
            while good - bad > 1:
                middle = (bad + good) // 2
                found = read(middle)
                if found is None:
                    bad = middle
                else:
                    good, rows = middle, found
        if not rows:
            return
        for row in rows:
            yield row[1:]
        after = int(rows[-1][0])  # type: ignore[call-overload]

"""The whole of `flywheel doctor`: diagnose the collection and, when asked, repair it.

Repair goes from the file up: damaged indexes are rebuilt, or, when the tables are damaged too,
every readable row is copied into a new file (the damaged one kept beside it); then schedules
that disagree with the review log are rewritten from it. What was done is told as it happens,
so a repair that stops part way has still said what it did.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from cards.plural import counted
from cards.store import doctor
from cards.store.damage import clear_mark, mark_damaged, reindex, salvage
from cards.store.database import connect

INTEGRITY = "integrity: "
SCHEDULE = "schedule:"


def check_collection(path: Path, repair: bool, say: Callable[[str], None]) -> list[str]:
    """The problems left in the collection at `path` (none: healthy), after repairing what can be
    repaired when `repair` is set; each repair done is passed to `say`, one sentence each.

    A damaged file is marked so that nothing writes to it; a healthy one loses its mark.
    """
    connection = connect(path)
    try:
        problems = doctor.diagnose(connection)
        damage = [p.removeprefix(INTEGRITY) for p in problems if p.startswith(INTEGRITY)]
        if damage:
            mark_damaged(path, damage[0])
        if damage and repair:
            connection = _repair_file(connection, path, say)
            problems = doctor.diagnose(connection)
        if problems and repair and all(p.startswith(SCHEDULE) for p in problems):
            say(f"repaired {counted(doctor.repair(connection), 'card')} from the review log")
            problems = doctor.diagnose(connection)
        if not problems:
            clear_mark(path)
        return problems
    finally:
        connection.close()


def _repair_file(
    connection: sqlite3.Connection, path: Path, say: Callable[[str], None]
) -> sqlite3.Connection:
    """Rebuild the indexes; if the tables are damaged too, salvage their readable rows. Returns
    the connection to go on with (a new one to a salvaged file)."""
    if reindex(connection):
        say("rebuilt the indexes; the tables were intact")
        return connection
    connection.close()
    kept, copied = salvage(path)
    rows = ", ".join(f"{counted(count, 'row')} of {table}" for table, count in copied.items())
    say(f"copied the readable rows into a new {path} ({rows}); the damaged file is {kept}")
    return connect(path)

"""What a package's collection says besides its rows: note types, deck names and its day count.

Collections before Anki 2.1.28 (schema 11, `collection.anki2` and `collection.anki21`) keep note
types, decks and settings as JSON in the `col` row; later ones (schema 15 on, `anki21b`) in
tables of their own, with protobuf settings. Both are read into the shape Anki's own
`collection.models.all()` gives, so the rest of the import sees one form.

Review cards are due on a day counted from the collection's creation (`col.crt`), and the day
count follows Anki's rules (`rslib/src/scheduler/timing.rs`): the version 1 scheduler counts
whole days since the creation; later ones count study days, which begin at the rollover hour.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, time, timedelta, timezone
from typing import Any

DAY_SECONDS = 86_400
DECK_SEPARATOR_STORED = "\x1f"
"""How schema 15 on stores the `::` between deck name parts."""


def schema_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT ver FROM col").fetchone()
    return int(row[0]) if row and isinstance(row[0], int) else 0


def notetypes(db: sqlite3.Connection, version: int) -> dict[int, dict[str, Any]]:
    """Note types by id, each with `name`, `type` (1 for cloze), `css`, `flds` and `tmpls` (with
    `qfmt`, `afmt`) and, when the collection records it, `originalStockKind`."""
    if version < 15:
        found_legacy: dict[int, dict[str, Any]] = {}
        for key, legacy in _col_json(db, "models").items():
            ntid = _legacy_id(key, legacy)
            if ntid is not None:
                found_legacy[ntid] = {**legacy, "id": ntid}
        return found_legacy
    return _notetype_tables(db)


def _notetype_tables(db: sqlite3.Connection) -> dict[int, dict[str, Any]]:
    from anki.notetypes_pb2 import Notetype

    found: dict[int, dict[str, Any]] = {}
    for ntid, name, blob in db.execute("SELECT id, name, config FROM notetypes"):
        config = Notetype.Config.FromString(_blob(blob))
        model: dict[str, Any] = {
            "id": ntid,
            "name": name,
            "type": config.kind,
            "css": config.css,
            "flds": [],
            "tmpls": [],
        }
        if config.original_stock_kind:
            model["originalStockKind"] = config.original_stock_kind
        found[ntid] = model
    for ntid, ordinal, name, blob in db.execute(
        "SELECT ntid, ord, name, config FROM fields ORDER BY ntid, ord"
    ):
        if ntid in found:
            field = Notetype.Field.Config.FromString(_blob(blob))
            entry = {"name": name, "ord": ordinal, "id": field.id if field.HasField("id") else None}
            found[ntid]["flds"].append(entry)
    for ntid, ordinal, name, blob in db.execute(
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"
    ):
        if ntid in found:
            template = Notetype.Template.Config.FromString(_blob(blob))
            found[ntid]["tmpls"].append(
                {
                    "name": name,
                    "ord": ordinal,
                    "qfmt": template.q_format,
                    "afmt": template.a_format,
                    "id": template.id if template.HasField("id") else None,
                }
            )
    return found


def deck_names(db: sqlite3.Connection, version: int) -> dict[int, str]:
    if version < 15:
        decks = _col_json(db, "decks")
        names = {}
        for key, deck in decks.items():
            deck_id = _legacy_id(key, deck)
            if deck_id is not None:
                names[deck_id] = str(deck.get("name", ""))
        return names
    return {
        deck_id: str(name).replace(DECK_SEPARATOR_STORED, "::")
        for deck_id, name in db.execute("SELECT id, name FROM decks")
    }


def days_elapsed(db: sqlite3.Connection, version: int, now: datetime) -> int:
    """The collection's day number at `now` (an aware time), as Anki counts it."""
    (created,) = db.execute("SELECT crt FROM col").fetchone()
    created = int(created)
    settings = _col_json(db, "conf") if version < 15 else _config_table(db)
    scheduler = settings.get("schedVer", 1)
    rollover = settings.get("rollover", 4)
    offset = settings.get("creationOffset")
    if scheduler == 1 or not isinstance(rollover, int):
        return max(0, (int(now.timestamp()) - created) // DAY_SECONDS)
    rollover = min(max(rollover, 0), 23)
    here = now.astimezone()
    if not isinstance(offset, int):
        created_day = datetime.fromtimestamp(created, here.tzinfo).date()
        start = datetime.combine(created_day, time(rollover), here.tzinfo)
        return max(0, int((here - start).total_seconds()) // DAY_SECONDS)
    zone = timezone(timedelta(minutes=-offset))
    days = (here.date() - datetime.fromtimestamp(created, zone).date()).days
    if here.hour < rollover:
        days -= 1
    return max(0, days)


def _legacy_id(key: str, entry: object) -> int | None:
    """The id of a note type or deck kept as JSON: some writers give it as text."""
    if not isinstance(entry, dict):
        return None
    candidates: tuple[Any, ...] = (entry.get("id"), key)
    for candidate in candidates:
        try:
            return int(candidate)
        except (TypeError, ValueError, OverflowError):
            continue
    return None


def rollover_hour(db: sqlite3.Connection, version: int) -> int:
    """The hour the collection's study days begin (Anki's default, 4, when it does not say)."""
    settings = _col_json(db, "conf") if version < 15 else _config_table(db)
    rollover = settings.get("rollover", 4)
    return min(max(rollover, 0), 23) if isinstance(rollover, int) else 4


def _col_json(db: sqlite3.Connection, column: str) -> dict[str, Any]:
    row = db.execute(f"SELECT {column} FROM col").fetchone()
    try:
        value = json.loads(row[0]) if row and row[0] else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _config_table(db: sqlite3.Connection) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for key, value in db.execute(
        "SELECT key, val FROM config WHERE key IN ('schedVer', 'rollover', 'creationOffset')"
    ):
        try:
            settings[str(key)] = json.loads(_blob(value))
        except (TypeError, ValueError):
            continue
    return settings


def _blob(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8") if value is not None else b""

"""Fuzzing `flywheel import` with real Anki packages made hostile: zip members dropped, cut,
flipped or repeated, collection rows rewritten by SQL, the media map renamed. Whatever the
package, the command ends with 0 or 2 and lines of its own (never a traceback), writes nothing
outside its folder, and leaves the user's deck file and answered card as they were."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.store.store import Store
from tests.anki_packages import Built
from tests.importing.crafted import members, with_sql, write_members
from tui.commands.cli import main

MINE = (
    'name = "Mine"\n\n[[notes]]\nid = "mine/a"\nkind = "basic"\nen = { front = "a", back = "b" }\n'
)
DAY = date(2026, 1, 15)
HOSTILE_VALUES = [
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "-1",
    "0",
    "'abc'",
    "x'00ff'",
    "NULL",
    "1e308",
    "'\u202e'",
]
HOSTILE_TEXT = [
    "'<img src=\"../../escape.png\">'",
    "'<img src=\"\u202egnp.exe\">'",
    "'[sound:/etc/passwd]'",
    "'\x1b]2;title\x07'",
    "''",
    "'{{c99999999999::x}}'",
    "replace(flds, char(31), '')",
    "flds || char(31) || flds",
    "'\\(x^2\\)' || char(31) || 'b'",
]
COLUMNS = {
    "cards": ["due", "ivl", "factor", "reps", "lapses", "type", "queue", "ord", "nid", "did"],
    "revlog": ["id", "ease", "ivl", "lastIvl", "factor", "time", "type", "cid"],
    "notes": ["mid", "guid", "tags", "id"],
}
MEDIA_NAMES = ["../up.png", "", ".hidden", "a/b.png", "\u202egnp.exe", "x" * 300, "pic.png", "con"]


@st.composite
def statements(draw: st.DrawFn) -> list[str]:
    chosen = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from([*sorted(COLUMNS), "fields", "delete"]))
        if table == "fields":
            chosen.append(f"UPDATE notes SET flds = {draw(st.sampled_from(HOSTILE_TEXT))}")
        elif table == "delete":
            victim = draw(st.sampled_from(["notes", "cards", "notetypes", "decks", "revlog"]))
            chosen.append(f"DELETE FROM {victim} WHERE rowid % 2 = 0")
        else:
            column = draw(st.sampled_from(COLUMNS[table]))
            value = draw(st.sampled_from(HOSTILE_VALUES))
            chosen.append(f"UPDATE OR IGNORE {table} SET {column} = {value} WHERE rowid % 2 = 1")
    return chosen


def mutate_members(contents: dict[str, bytes], data: st.DataObject) -> dict[str, bytes]:
    names = sorted(contents)
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(names))
        action = data.draw(st.sampled_from(["drop", "cut", "flip", "copy", "empty"]))
        raw = bytearray(contents.get(name, b""))
        if action == "drop":
            contents.pop(name, None)
        elif action == "cut":
            contents[name] = bytes(raw[: data.draw(st.integers(0, max(0, len(raw))))])
        elif action == "flip" and raw:
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
            contents[name] = bytes(raw)
        elif action == "copy":
            contents[name] = contents.get(data.draw(st.sampled_from(names)), b"")
        else:
            contents[name] = b""
    return contents


def mutate_media_map(contents: dict[str, bytes], data: st.DataObject) -> dict[str, bytes]:
    """A legacy package's JSON map given hostile names (files kept, names changed)."""
    mapping = {number: data.draw(st.sampled_from(MEDIA_NAMES)) for number in ("0", "1")}
    contents["media"] = json.dumps(mapping).encode()
    return contents


def _snapshot(root: Path, skip: Path) -> dict[str, bytes]:
    found = {}
    for folder, _, files in os.walk(root):
        if Path(folder) == skip or skip in Path(folder).parents:
            continue
        for name in files:
            path = Path(folder) / name
            if path.suffix not in (".sqlite3", ".sqlite3-wal", ".sqlite3-shm"):
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def drive(package: Path, root: Path) -> None:
    decks = root / "decks"
    decks.mkdir()
    (decks / "mine.toml").write_text(MINE, encoding="utf-8")
    (root / "config.toml").write_text("builtin_decks = false\n", encoding="utf-8")
    db = root / "c.sqlite3"
    with Store.open(db) as store:
        store.sync([decks / "mine.toml"])
        store.answer("mine/a#fwd", 4, DAY, datetime(2026, 1, 15, 9, tzinfo=UTC))
    into = root / "imported"
    before = _snapshot(root, into)
    argv = ["--db", str(db), "--config", str(root / "config.toml"), "--decks", str(decks)]
    argv += ["--today", DAY.isoformat(), "import", str(package)]
    if package.stat().st_size % 2:  # both the deck folder and a folder of its own
        argv += ["--into", str(into)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code in (0, 2), err.getvalue()
    assert all(line.startswith("flywheel: ") for line in err.getvalue().splitlines())
    if code == 2:
        assert err.getvalue().count("\n") == 1
    after = _snapshot(root, into)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    inside = {name for name in changed if name.startswith("decks/") and name != "decks/mine.toml"}
    assert changed == inside, changed
    collection = load_collection(deck_paths([decks, into]))
    assert collection.problems == []
    assert "mine/a" in {note.id for _, note in collection.notes()}
    with Store.open(db) as store:
        store.sync(deck_paths([decks]))
        mine = store.state("mine/a#fwd")
        assert mine is not None
        assert mine.reviews == 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["current", "legacy", "colpkg"]), statements())
def test_packages_with_rows_rewritten_import_safely(
    built: Built, form: str, sql: list[str]
) -> None:
    source = {"current": built.current, "legacy": built.legacy, "colpkg": built.colpkg}[form]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        package = with_sql(source, root / f"crafted{source.suffix}", sql, lenient=True)
        drive(package, root)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["current", "legacy", "colpkg"]), st.booleans(), st.data())
def test_packages_with_members_or_media_map_mangled_import_safely(
    built: Built, form: str, media_map: bool, data: st.DataObject
) -> None:
    source = {"current": built.current, "legacy": built.legacy, "colpkg": built.colpkg}[form]
    contents = members(source)
    if media_map and form == "legacy":
        contents = mutate_media_map(contents, data)
    else:
        contents = mutate_members(contents, data)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        package = write_members(root / f"mangled{source.suffix}", contents)
        drive(package, root)


def test_a_package_that_is_not_a_zip_at_all_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "x.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki2", b"")
    drive(package, tmp_path)

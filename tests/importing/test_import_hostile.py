"""Packages a broken or hostile tool made: schedules out of every range, rows without their
note or note type, values of the wrong kind, names with control characters, a zip bomb, and
folders the import must not write into. Each ends in a clear line, never a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from cards.schedule.sm2 import MAX_INTERVAL
from cards.store.store import Store
from seeds import BUILTIN_DECKS
from tests.anki_packages import Built
from tests.conftest import flywheel
from tests.importing.crafted import members, with_sql
from tests.importing.support import imported_notes, today
from tests.sql import run_sql, sql

SCHEDULES = {
    "due-3-million-days": ["UPDATE cards SET due = 3000000 WHERE type = 2"],
    "due-2^31-1": ["UPDATE cards SET due = 2147483647"],
    "due--2^31": ["UPDATE cards SET due = -2147483648 WHERE type = 2"],
    "interval-2^31-1": ["UPDATE cards SET ivl = 2147483647 WHERE type = 2"],
    "ease-x100": ["UPDATE cards SET factor = factor * 100 WHERE type = 2"],
    "revlog-negative": ["UPDATE revlog SET id = -id"],
    "revlog-year-1": ["UPDATE revlog SET id = -62135596800000 + id % 1000000"],
}


def _one_line_each(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert all(line.startswith("flywheel: ") for line in stderr.splitlines())


# Anki itself refuses a current package with ease x100 ("damaged"), so that one is a collection.
@pytest.mark.parametrize(
    ("case", "form"),
    [(case, "colpkg") for case in sorted(SCHEDULES)]
    + [(case, "current") for case in sorted(SCHEDULES) if case != "ease-x100"],
)
def test_schedules_out_of_range_are_brought_within_it_and_counted(
    built: Built, env: dict[str, str], tmp_path: Path, case: str, form: str
) -> None:
    source = built.colpkg if form == "colpkg" else built.current
    crafted = with_sql(source, tmp_path / f"crafted{source.suffix}", SCHEDULES[case])
    plain = flywheel(
        "import", "--no-schedule", "--into", str(tmp_path / "plain"), str(crafted), env=env
    )
    assert plain.returncode == 0, plain.stderr
    _one_line_each(plain.stderr)
    result = flywheel("import", str(crafted), env=env)
    assert result.returncode == 0, result.stderr
    _one_line_each(result.stderr)
    assert "out of range" in result.stderr or "impossible time" in result.stderr
    assert "imported" in result.stdout
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        rows = run_sql(store, "SELECT interval, easiness_pct, due FROM card WHERE due IS NOT NULL")
    assert rows
    for interval, easiness, due in rows:
        assert 1 <= interval <= MAX_INTERVAL
        assert 130 <= easiness <= 1000
        assert abs((today() - today().fromisoformat(due)).days) <= MAX_INTERVAL
    doctor = flywheel("doctor", env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert flywheel("export", "-o", str(tmp_path / "back.apkg"), env=env).returncode == 0


CRAFTED = {
    "orphan-cards": (["DELETE FROM notes WHERE guid = '{basic}'"], "no note"),
    "missing-note-type": (["DELETE FROM notetypes WHERE name = 'Vocab'"], "no note type"),
    "due-abc": (["UPDATE cards SET due = 'abc'"], "not numbers"),
    "blob-fields": (
        ["UPDATE notes SET flds = CAST(flds AS BLOB), tags = CAST(tags AS BLOB)"],
        "imported",
    ),
    "blob-guid": (["UPDATE notes SET guid = CAST(guid AS BLOB)"], "imported"),
    "text-revlog": (["UPDATE revlog SET ivl = 'x'"], "not numbers"),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_collection_packages_import_what_they_can(
    built: Built, env: dict[str, str], tmp_path: Path, case: str
) -> None:
    statements, said = CRAFTED[case]
    statements = [line.format(basic=built.guids["basic"]) for line in statements]
    crafted = with_sql(built.colpkg, tmp_path / "crafted.colpkg", statements)
    result = flywheel("import", str(crafted), env=env)
    assert result.returncode == 0, result.stderr
    _one_line_each(result.stderr)
    assert said in result.stdout + result.stderr
    assert imported_notes(env)
    assert flywheel("check", env=env).returncode == 0


def test_a_zip_bomb_is_refused_in_one_line(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.apkg"
    contents = members(built.legacy)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in contents.items():
            if not name.isdigit() and name != "media":
                archive.writestr(name, data)
        archive.writestr("media", b'{"0": "big.png"}')
        with archive.open("0", "w") as member:
            block = bytes(1 << 20)
            for _ in range(288):
                member.write(block)
    assert bomb.stat().st_size < 400_000
    result = flywheel("import", str(bomb), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "expands" in result.stderr
    assert not Path(env["FLYWHEEL_DECKS"]).exists()


def test_control_characters_in_the_package_name_never_reach_the_deck_file(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    odd = tmp_path / "a\x01b\rc\x1b[31m\u202e.apkg"
    odd.write_bytes(built.current.read_bytes())
    result = flywheel("import", str(odd), env=env)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\r" not in result.stdout
    for deck in Path(env["FLYWHEEL_DECKS"]).glob("*.toml"):
        header = deck.read_text("utf-8").splitlines()[0]
        assert "a\\x01b\\rc\\x1b[31m\\u202e.apkg" in header
    check = flywheel("check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr


def test_media_names_in_warnings_are_escaped(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    crafted = with_sql(
        built.current,
        tmp_path / "rtl.apkg",
        [
            "UPDATE notes SET flds = '<img src=\"\u202egnp.exe\">' || char(31) || 'back' "
            f"WHERE guid = '{built.guids['media']}'"
        ],
    )
    result = flywheel("import", str(crafted), env=env)
    assert result.returncode == 0, result.stderr
    assert "\u202e" not in result.stderr
    assert "\\u202egnp.exe" in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_package_that_is_no_file_is_one_line(
    env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "odd.apkg"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/null")
    result = flywheel("import", str(path), env=env)
    assert result.returncode == 2
    assert result.stderr == f"flywheel: {path}: no such file\n"


def test_names_that_are_not_utf8(built: Built, env: dict[str, str], tmp_path: Path) -> None:
    package = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.apkg"))
    package.write_bytes(built.current.read_bytes())
    into = os.fsdecode(bytes(tmp_path) + b"/d\xff")
    refused = flywheel("import", "--into", into, str(built.current), env=env)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "UTF-8" in refused.stderr
    result = flywheel("import", str(package), env=env)
    assert result.returncode == 0, result.stderr
    assert "caf\\xe9.apkg" in result.stdout
    assert len(imported_notes(env)) == 6


def test_the_installed_decks_and_an_empty_into_are_refused(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    seeds = {path.name: path.read_bytes() for path in BUILTIN_DECKS.iterdir() if path.is_file()}
    for into in [str(BUILTIN_DECKS), str(BUILTIN_DECKS / "sub"), ""]:
        result = flywheel("import", "--into", into, str(built.current), env=env, cwd=tmp_path)
        assert result.returncode == 2, into
        assert result.stderr.count("\n") == 1
    assert {p.name: p.read_bytes() for p in BUILTIN_DECKS.iterdir() if p.is_file()} == seeds
    assert not (BUILTIN_DECKS / "sub").exists()
    assert sorted(os.listdir(tmp_path)) == ["config.toml"]


def test_imported_is_said_only_after_the_schedules_are_committed(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    """A database that refuses writes only once the schedules are stored: nothing is said."""
    assert flywheel("import", str(built.current), env=env).returncode == 0
    database = Path(env["FLYWHEEL_DB"])
    with Store.open(database) as store, sql(store) as db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON imported_review "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        db.execute("DELETE FROM imported_review")
    result = flywheel("import", str(built.current), env=env)
    assert result.returncode != 0
    assert "imported" not in result.stdout

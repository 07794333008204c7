"""Nothing is lost: files Flywheel does not own are refused and left byte-identical.

Each test runs the real command line against real files in a temp folder and compares every
byte of the file it must not touch.
"""

from __future__ import annotations

import os
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from cards.anki.export_target import check_export_target, is_anki_package
from cards.store.database import APPLICATION_ID
from tests.conftest import flywheel


def foreign_sqlite(path: Path, *, application_id: int = 0, table: bool = True) -> bytes:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA application_id = {application_id}")
        if table:
            connection.execute("CREATE TABLE mine (x)")
            connection.execute("INSERT INTO mine VALUES ('precious')")
        connection.commit()
    return path.read_bytes()


def refused(result: object, path: Path, before: bytes) -> None:
    assert getattr(result, "returncode", None) == 2
    stderr = getattr(result, "stderr", "")
    assert stderr.count("\n") == 1
    assert stderr.startswith("flywheel: refusing to write")
    assert "Traceback" not in stderr
    assert path.read_bytes() == before


def test_export_onto_the_collection_a_text_file_and_a_foreign_database_changes_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert flywheel("answer", "test/capital#fwd", "4", env=env).returncode == 0
    collection = Path(env["FLYWHEEL_DB"])
    text = tmp_path / "notes.apkg"
    text.write_text("my notes, not a package\n")
    foreign = tmp_path / "other.apkg"
    targets = {
        collection: collection.read_bytes(),
        text: text.read_bytes(),
        foreign: foreign_sqlite(foreign),
        tmp_path / "plain.txt": b"plain text\n",
    }
    (tmp_path / "plain.txt").write_bytes(b"plain text\n")
    for path, before in targets.items():
        refused(flywheel("export", "-o", str(path), env=env), path, before)
    # A collection whose own name ends in .apkg is still the collection.
    apkg_named = tmp_path / "collection.apkg"
    env2 = {**env, "FLYWHEEL_DB": str(apkg_named)}
    assert flywheel("answer", "test/capital#fwd", "4", env=env2).returncode == 0
    before = apkg_named.read_bytes()
    refused(flywheel("export", "-o", str(apkg_named), "--force", env=env2), apkg_named, before)
    link = tmp_path / "link.apkg"
    link.symlink_to(collection)
    refused(
        flywheel("export", "-o", str(link), "--force", env=env), collection, targets[collection]
    )


def test_folders_pipes_links_and_read_only_files_are_refused_even_with_force(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "folder.apkg"
    folder.mkdir()
    pipe = tmp_path / "pipe.apkg"
    os.mkfifo(pipe)
    package = tmp_path / "old.apkg"
    assert flywheel("export", "-o", str(package), env=env).returncode == 0
    link = tmp_path / "link.apkg"
    link.symlink_to(package)
    readonly = tmp_path / "readonly.apkg"
    readonly.write_bytes(package.read_bytes())
    readonly.chmod(0o444)
    for path, reason in [
        (folder, "it is a folder"),
        (pipe, "it is a device, pipe or socket"),
        (link, "it is a symbolic link"),
        (readonly, "it is read-only"),
        (Path("/dev/null"), "must end in .apkg"),
    ]:
        before = b"" if not path.is_file() or path.is_symlink() else path.read_bytes()
        result = flywheel("export", "-o", str(path), "--force", env=env)
        assert result.returncode == 2, path
        assert reason in result.stderr
        assert result.stderr.count("\n") == 1
        if before:
            assert path.read_bytes() == before
    assert link.is_symlink()
    assert is_anki_package(package)
    assert readonly.read_bytes() == package.read_bytes()


def test_an_earlier_package_is_replaced_and_force_replaces_other_files(
    env: dict[str, str], tmp_path: Path
) -> None:
    package = tmp_path / "deck.apkg"
    assert flywheel("export", "-o", str(package), env=env).returncode == 0
    assert flywheel("export", "-o", str(package), env=env).returncode == 0
    assert is_anki_package(package)
    text = tmp_path / "notes.apkg"
    text.write_text("scratch\n")
    result = flywheel("export", "-o", str(text), "--force", env=env)
    assert result.returncode == 0, result.stderr
    assert is_anki_package(text)


def test_a_package_name_must_end_in_apkg(env: dict[str, str], tmp_path: Path) -> None:
    result = flywheel("export", "-o", str(tmp_path / "deck"), env=env)
    assert result.returncode == 2
    assert "a package name must end in .apkg" in result.stderr
    assert not (tmp_path / "deck").exists()
    assert not (tmp_path / "deck.apkg").exists()
    assert flywheel("export", "-o", str(tmp_path / "UPPER.APKG"), env=env).returncode == 0


def test_a_zip_without_an_anki_collection_is_not_a_package(tmp_path: Path) -> None:
    archive = tmp_path / "photos.apkg"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("photo.jpg", b"\xff\xd8")
    assert not is_anki_package(archive)
    with pytest.raises(Exception, match="not an Anki package"):
        check_export_target(archive, collection=tmp_path / "c.sqlite3")


@pytest.mark.parametrize("table", [False, True])
def test_a_database_stamped_by_another_program_is_left_untouched(
    env: dict[str, str], tmp_path: Path, table: bool
) -> None:
    other = tmp_path / "other.sqlite3"
    before = foreign_sqlite(other, application_id=123, table=table)
    result = flywheel("--db", str(other), "due", env=env)
    assert result.returncode == 2
    assert "not a Flywheel database (another program's); left untouched" in result.stderr
    assert other.read_bytes() == before
    with closing(sqlite3.connect(other)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 123
    assert APPLICATION_ID != 123


@pytest.mark.parametrize("option", ["--db", "--config", "--decks"])
def test_an_empty_path_is_an_error_not_the_default(env: dict[str, str], option: str) -> None:
    result = flywheel(option, "", "due", env=env)
    assert result.returncode == 2
    assert result.stderr == f"flywheel: {option}: an empty path (is a shell variable unset?)\n"
    assert not Path(env["FLYWHEEL_DB"]).exists()


def test_a_db_in_a_missing_folder_is_an_error_not_created(
    env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "c.sqlite3"
    for command in (["due"], ["doctor"]):
        result = flywheel("--db", str(target), *command, env=env)
        assert result.returncode == 2
        assert "folder" in result.stderr
        assert "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_the_default_location_is_created(tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    home = tmp_path / "home"
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "FLYWHEEL_DB": "",
        "FLYWHEEL_TODAY": "2026-01-15",
    }
    result = flywheel("due", env=env)
    assert result.returncode == 0, result.stderr
    assert (home / "data" / "flywheel" / "collection.sqlite3").is_file()


def test_an_empty_study_day_is_an_error_not_the_real_day(env: dict[str, str]) -> None:
    """`--today "$DAY"` with DAY unset must not record an answer on the clock's day."""
    env = {**env, "FLYWHEEL_TODAY": "2026-03-01"}
    result = flywheel("answer", "test/capital#fwd", "4", "--today", "", env=env)
    assert result.returncode == 2
    assert result.stderr == "flywheel: --today: an empty day (is a shell variable unset?)\n"
    assert not Path(env["FLYWHEEL_DB"]).exists()

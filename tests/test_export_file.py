"""The package on disk and the command: an atomic write, timestamps that keep re-imports working,
progress and errors in one line each, and `flywheel export` end to end."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection as AnkiCollection

from cards.anki.export import ExportSummary, export_apkg, next_timestamp
from cards.errors import FlywheelError
from tests.anki_support import (
    decks_from,
    import_apkg,
    seed_decks,
)
from tests.conftest import GOOD_DECK, flywheel
from tui.commands.export_command import ProgressLine


def test_no_temporary_file_is_left_behind(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    export_apkg(decks, out_dir / "flywheel.apkg")
    export_apkg(decks, out_dir / "flywheel.apkg")
    assert list(scratch.iterdir()) == []
    assert [p.name for p in out_dir.iterdir()] == ["flywheel.apkg"]
    with zipfile.ZipFile(out_dir / "flywheel.apkg") as package:
        assert package.namelist() == ["collection.anki2", "media"]

    # The hazard this guards against: genanki's own writer leaves its SQLite file in tempdir.
    genanki.Package([]).write_to_file(str(tmp_path / "plain.apkg"))
    assert len(list(scratch.iterdir())) == 1


def test_a_failed_write_keeps_the_old_package_and_leaves_no_debris(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "flywheel.apkg").write_bytes(b"old")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(FlywheelError, match=r"cannot write .*: No space left on device"):
        export_apkg(decks, out_dir / "flywheel.apkg")
    assert [p.name for p in out_dir.iterdir()] == ["flywheel.apkg"]
    assert (out_dir / "flywheel.apkg").read_bytes() == b"old"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.apkg", "folder .*missing does not exist"),
        ("file.txt/out.apkg", "file.txt is not a folder"),
        ("folder", "it is a folder"),
    ],
)
def test_unwritable_targets_are_one_line_errors(
    target: str, message: str, tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(FlywheelError, match=f"^cannot write {re.escape(str(tmp_path))}.*{message}"):
        export_apkg(decks, tmp_path / target)


def test_permission_denied_is_reported(
    tmp_path: Path, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)  # tests run as root, so chmod would not stop us
    with pytest.raises(FlywheelError, match=r"out\.apkg: permission denied$"):
        export_apkg(decks, tmp_path / "out.apkg")


def test_next_timestamp_stays_ahead_of_the_previous_export(tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    assert next_timestamp(out, now=1_800_000_000.9) == 1_800_000_000
    out.write_bytes(b"")
    os.utime(out, (1_800_000_000, 1_800_000_000))
    assert next_timestamp(out, now=1_800_000_000.5) == 1_800_000_001
    assert next_timestamp(out, now=1_800_000_100.5) == 1_800_000_100
    os.utime(out, (1_900_000_000, 1_900_000_000))  # a clock that went backwards
    assert next_timestamp(out, now=1_800_000_000) == 1_900_000_001


def test_export_sets_the_file_time_to_its_timestamp(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    decks = decks_from(write_deck, GOOD_DECK)
    summary = export_apkg(decks, tmp_path / "out.apkg")
    assert int((tmp_path / "out.apkg").stat().st_mtime) == summary.timestamp
    again = export_apkg(decks, tmp_path / "out.apkg")
    assert again.timestamp > summary.timestamp


def test_summary_reads_naturally() -> None:
    summary = ExportSummary(Path("flywheel.apkg"), 1, 160, 270, 0, 0)
    assert str(summary) == "wrote flywheel.apkg: 1 deck, 160 notes, 270 cards"
    assert str(ExportSummary(Path("x.apkg"), 5, 1, 1, 2, 0)) == (
        "wrote x.apkg: 5 decks, 1 note, 1 card (2 notes without that language left out)"
    )


def test_progress_is_reported_per_note_and_drawn_once_per_percent(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    calls: list[tuple[int, int]] = []
    export_apkg(
        decks_from(write_deck, GOOD_DECK), tmp_path / "o.apkg", progress=lambda *a: calls.append(a)
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]

    class Stream:
        text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    stream = Stream()
    line = ProgressLine(stream, threshold=1000)  # type: ignore[arg-type]
    for done in range(1, 2001):
        line(done, 2000)
    line.clear()
    assert stream.text.count("\r") == 101 + 2  # one draw per percent, then the clearing
    assert "exporting 2000/2000 notes (100%)" in stream.text
    assert stream.text.endswith("\r")
    small = Stream()
    quiet = ProgressLine(small, threshold=1000)  # type: ignore[arg-type]
    quiet(1, 999)
    quiet.clear()
    assert small.text == ""


# ------------------------------------------------------------------------ command line


def test_cli_exports_the_decks_in_use(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    write_deck(GOOD_DECK)
    result = flywheel("export", env=isolated_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    seeds = seed_decks()
    notes = sum(len(deck.notes) for deck in seeds) + 3
    cards = sum(len(n.templates()) for deck in seeds for n in deck.notes) + 5
    assert result.stdout == (
        f"wrote flywheel.apkg: {len(seeds) + 1} decks, {notes} notes, {cards} cards\n"
    )
    collection = anki("anki")
    assert len(import_apkg(collection, tmp_path / "flywheel.apkg").new) == notes

    out = tmp_path / "only-test.apkg"
    result = flywheel("export", "-o", str(out), "--deck", "TEST", "--lang", "en", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}: 1 deck, 3 notes, 5 cards\n"
    other = anki("other")
    import_apkg(other, out)
    (capital,) = other.find_notes('"Flywheel ID:test/capital"')
    assert other.get_note(capital)["Front (Korean)"] == ""


def test_cli_twice_in_a_row_updates_in_anki(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    out = str(tmp_path / "o.apkg")
    write_deck(GOOD_DECK)
    assert flywheel("export", "-o", out, "--deck", "test", env=isolated_env).returncode == 0
    collection = anki("anki")
    import_apkg(collection, Path(out))
    write_deck(GOOD_DECK.replace('"Seoul"', '"Seoul, again"'))
    assert flywheel("export", "-o", out, "--deck", "test", env=isolated_env).returncode == 0
    log = import_apkg(collection, Path(out))
    assert (len(log.new), len(log.updated)) == (0, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/x.apkg"], "flywheel: cannot write {tmp}/missing/x.apkg: folder"),
        (["-o", "{tmp}"], "flywheel: refusing to write {tmp}: a package name must end in .apkg"),
        (["--deck", "nope"], "flywheel: --deck 'nope' matches no deck"),
        (["--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(
    args: list[str], message: str, isolated_env: dict[str, str], tmp_path: Path
) -> None:
    result = flywheel(
        "export", *[a.format(tmp=tmp_path) for a in args], env=isolated_env, cwd=tmp_path
    )
    assert result.returncode == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    if "flywheel:" in message:
        assert result.stderr.count("\n") == 1
    assert not (tmp_path / "flywheel.apkg").exists()


def test_cli_warns_about_broken_notes_and_exports_the_rest(
    isolated_env: dict[str, str], tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    write_deck(GOOD_DECK.replace('en.back = "Seoul"\n', ""))
    out = str(tmp_path / "o.apkg")
    result = flywheel("export", "-o", out, "--deck", "test", env=isolated_env)
    assert result.returncode == 0
    assert result.stderr.startswith("flywheel: warning: 1 problem in deck files")
    assert result.stdout == f"wrote {out}: 1 deck, 2 notes, 4 cards\n"

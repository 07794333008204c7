"""`flywheel import` on packages made by real Anki, in the current, legacy and collection formats:
the deck files it writes (text, kinds, GUIDs, media), importing again, and bad input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cards.decks.models import Note
from cards.decks.vocabulary import NoteKind
from tests.anki_packages import PNG, Built
from tests.conftest import flywheel
from tests.importing.support import (
    FORMS,
    edited_package,
    imported_notes,
    package,
    zipped,
)


@pytest.mark.parametrize("form", FORMS)
def test_text_kinds_guids_and_media_arrive(built: Built, env: dict[str, str], form: str) -> None:
    result = flywheel("import", str(package(built, form)), env=env)
    assert result.returncode == 0, result.stderr
    assert "2 decks, 6 notes, 2 media files" in result.stdout
    assert "'Vocab'" in result.stderr  # the unknown note type is named
    notes = imported_notes(env)
    assert set(notes) == set(built.guids.values())

    def note(label: str) -> tuple[str, Note]:
        return notes[built.guids[label]]

    deck, basic = note("basic")
    assert deck == "Languages::Spanish"
    assert basic.kind is NoteKind.BASIC
    assert basic.en is not None
    assert basic.ko is None
    assert (basic.en.front, basic.en.back) == ("**hola** & adiós", "hello\\\ngoodbye")
    assert basic.tags == ("greet",)
    _, reverse = note("reverse")
    assert reverse.kind is NoteKind.REVERSE
    assert reverse.en is not None
    assert reverse.en.back == "the *dog*"
    _, cloze = note("cloze")
    assert cloze.kind is NoteKind.CLOZE
    assert cloze.en is not None
    assert cloze.en.text == "{{c1::Madrid}} is the capital of {{c2::Spain::country}}"
    assert cloze.en.extra == "- geo"
    deck, vocab = note("vocab")
    assert deck == "Languages::Spanish::Verbs"
    assert vocab.kind is NoteKind.BASIC
    assert vocab.en is not None
    assert (vocab.en.front, vocab.en.back) == ("comer", "to eat")
    _, media = note("media")
    assert media.en is not None
    assert media.en.front == "![](media/pic.png)"
    assert media.en.back == "it says [say.mp3](media/say.mp3)"
    folder = Path(env["FLYWHEEL_DECKS"])
    assert (folder / "media" / "pic.png").read_bytes() == PNG
    assert (folder / "media" / "say.mp3").is_file()
    # Two notes with the same first field get distinct ids from the same slug.
    _, twin = note("twin")
    assert {reverse.id, twin.id} == {"spanish/el-perro", "spanish/el-perro-2"}
    check = flywheel("check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr


def test_importing_again_updates_the_files_in_place(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    folder = Path(env["FLYWHEEL_DECKS"])
    first = {path.name: path.read_text("utf-8") for path in folder.glob("*.toml")}
    again = flywheel("import", str(built.legacy), env=env)
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_text("utf-8") for p in folder.glob("*.toml")}.keys() == first.keys()
    edited = edited_package(built, tmp_path)
    assert flywheel("import", str(edited), env=env).returncode == 0
    notes = imported_notes(env)
    assert len(notes) == 6
    basic = notes[built.guids["basic"]][1]
    assert basic.id == "spanish/hola-adios"
    assert basic.en is not None
    assert basic.en.back == "hi there"
    assert flywheel("check", env=env).returncode == 0


def test_no_schedule_brings_notes_only(built: Built, env: dict[str, str]) -> None:
    result = flywheel("import", "--no-schedule", str(built.current), env=env)
    assert result.returncode == 0, result.stderr
    assert "schedules" not in result.stdout
    assert len(imported_notes(env)) == 6
    assert not Path(env["FLYWHEEL_DB"]).exists()


def test_lang_ko_files_the_wording_under_korean(built: Built, env: dict[str, str]) -> None:
    result = flywheel("import", "--lang", "ko", "--no-schedule", str(built.current), env=env)
    assert result.returncode == 0, result.stderr
    for _, note in imported_notes(env).values():
        assert note.en is None
        assert note.ko is not None


@pytest.mark.parametrize(
    "kind", ["text", "truncated", "no-collection", "corrupt-collection", "not-a-database"]
)
def test_bad_input_is_one_line_and_writes_nothing(
    built: Built, env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.apkg"
    if kind == "text":
        bad.write_text("not a package", encoding="utf-8")
    elif kind == "truncated":
        data = built.current.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif kind == "no-collection":
        zipped(bad, {"media": b"{}"})
    elif kind == "corrupt-collection":
        zipped(bad, {"collection.anki21b": os.urandom(4096), "meta": b"\x08\x03", "media": b""})
    else:
        zipped(bad, {"collection.anki2": b"x" * 4096, "media": b"{}"})
    result = flywheel("import", str(bad), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("flywheel: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not Path(env["FLYWHEEL_DECKS"]).exists()
    assert not Path(env["FLYWHEEL_DB"]).exists()


def test_a_missing_file_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    result = flywheel("import", str(tmp_path / "nowhere.apkg"), env=env)
    assert result.returncode == 2
    assert result.stderr == f"flywheel: {tmp_path / 'nowhere.apkg'}: no such file\n"


def test_without_anki_the_message_says_how_to_add_it(built: Built, env: dict[str, str]) -> None:
    code = (
        "import sys; sys.modules['anki'] = None; sys.modules['anki.collection'] = None\n"
        "from tui.commands.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "import", str(built.current)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert result.returncode == 2
    assert "flywheel-cards[anki]" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not Path(env["FLYWHEEL_DECKS"]).exists()

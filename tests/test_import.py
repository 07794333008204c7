"""`flywheel import` on packages made by real Anki, in the current, legacy and collection formats:
text, kinds, GUIDs, media and schedules arrive; SM-2 goes on from the imported state; bad input
is one line and writes nothing; notes exported again keep their GUIDs and schedules.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import (
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.anki_convert import IdMaker, slug, to_markdown
from cards.anki_reader import AnkiCard
from cards.card_schedules import AnkiAnswer
from cards.decks import deck_paths, load_collection
from cards.import_schedule import imported_card, streak
from cards.models import Note, NoteKind
from cards.sm2 import SM2State
from cards.store import Store
from cards.studyday import study_day
from tests.anki_packages import PNG, Built, build
from tests.conftest import GOOD_DECK

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text("builtin_decks = false\n", encoding="utf-8")
    return {
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": today().isoformat(),
    }


def today() -> date:
    """The study day Anki counted from when it built the packages (both roll over at 4)."""
    return study_day(datetime.now().astimezone(), 4)


def flywheel(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def imported_notes(env: dict[str, str]) -> dict[str, tuple[str, Note]]:
    """GUID -> (deck name, note), from the deck files the import wrote."""
    collection = load_collection(deck_paths([Path(env["FLYWHEEL_DECKS"])]))
    assert collection.problems == []
    return {note.guid or "": (deck.deck.name, note) for deck, note in collection.notes()}


def package(built: Built, form: str) -> Path:
    return {"current": built.current, "legacy": built.legacy, "colpkg": built.colpkg}[form]


FORMS = ["current", "legacy", "colpkg"]


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


def card_state(env: dict[str, str], card_id: str) -> Any:
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        return store.state(card_id)


def card_ids(env: dict[str, str], built: Built) -> dict[str, str]:
    """`label:ord` -> the Flywheel card id."""
    notes = imported_notes(env)
    ids = {}
    for label, guid in built.guids.items():
        note = notes[guid][1]
        for ordinal, template in enumerate(note.templates()):
            ids[f"{label}:{ordinal}"] = f"{note.id}#{template}"
    return ids


@pytest.mark.parametrize("form", FORMS)
def test_schedules_become_sm2_states(built: Built, env: dict[str, str], form: str) -> None:
    result = flywheel("import", str(package(built, form)), env=env)
    assert result.returncode == 0, result.stderr
    assert "schedules: 4 cards with their reviews" in result.stdout
    ids = card_ids(env, built)
    for label, figures in built.cards.items():
        state = card_state(env, ids[label])
        if figures["type"] != 2:
            assert state.reviews == 0, label
            assert state.sm2.due is None, label
            assert state.suspended == (figures["queue"] == -1), label
            continue
        assert state.sm2.interval == figures["ivl"], label
        assert state.sm2.easiness_pct * 10 == figures["factor"], label
        assert state.sm2.due == today() + timedelta(days=figures["due_in"]), label
        assert (state.reviews, state.lapses) == (figures["reps"], figures["lapses"]), label
        assert state.sm2.repetitions >= (2 if figures["ivl"] > 6 else 1), label
    assert card_state(env, ids["cloze:1"]).suspended
    doctor = flywheel("doctor", env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        kept = store.connection.execute("SELECT count(*) FROM imported_review").fetchone()[0]
    assert kept == 11  # Anki's answers, without its manual reschedules


def test_answering_an_imported_card_continues_sm2(built: Built, env: dict[str, str]) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    ids = card_ids(env, built)
    basic = card_state(env, ids["basic:0"]).sm2  # interval 32 > 6: SM-2 multiplies next
    day = basic.due.isoformat()
    answered = flywheel("answer", ids["basic:0"], "4", "--today", day, env=env)
    assert answered.returncode == 0, answered.stderr
    after = card_state(env, ids["basic:0"])
    assert after.sm2.interval == math.ceil(basic.interval * basic.easiness_pct / 100)
    assert after.reviews == built.cards["basic:0"]["reps"] + 1
    # A card with one successful review so far goes on to SM-2's second interval, 6 days.
    cloze = flywheel("answer", ids["cloze:0"], "5", env=env)
    assert cloze.returncode == 0, cloze.stderr
    assert card_state(env, ids["cloze:0"]).sm2.interval == 6
    doctor = flywheel("doctor", env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


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


def edited_package(built: Built, tmp_path: Path) -> Path:
    """The source collection, with one note's back changed, exported anew."""
    copy = tmp_path / "edited"
    shutil.copytree(built.current.parent / "source", copy)
    collection = AnkiCollection(str(copy / "collection.anki2"))
    try:
        assert collection.db is not None
        basic = collection.db.scalar("SELECT id FROM notes WHERE guid = ?", built.guids["basic"])
        note = collection.get_note(basic)
        note["Back"] = "hi there"
        collection.update_note(note)
        out = tmp_path / "edited.apkg"
        collection.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
            ),
            limit=None,
        )
    finally:
        collection.close()
    return out


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


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


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
        _zip(bad, {"media": b"{}"})
    elif kind == "corrupt-collection":
        _zip(bad, {"collection.anki21b": os.urandom(4096), "meta": b"\x08\x03", "media": b""})
    else:
        _zip(bad, {"collection.anki2": b"x" * 4096, "media": b"{}"})
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
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 2
    assert "flywheel-cards[anki]" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not Path(env["FLYWHEEL_DECKS"]).exists()


def test_imported_notes_export_with_their_guids_and_schedules(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    out = tmp_path / "back.apkg"
    exported = flywheel("export", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "fresh").mkdir()
    collection = AnkiCollection(str(tmp_path / "fresh" / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=False)
        request = ImportAnkiPackageRequest(package_path=str(out), options=options)
        collection.import_anki_package(request)
        assert collection.db is not None
        guids = set(collection.db.list("SELECT guid FROM notes"))
        assert guids == set(built.guids.values())
        note_id = collection.db.scalar("SELECT id FROM notes WHERE guid = ?", built.guids["basic"])
        card = collection.get_note(note_id).cards()[0]
        figures = built.cards["basic:0"]
        assert (card.type, card.ivl, card.factor) == (2, figures["ivl"], figures["factor"])
        assert card.due - collection.sched.today == figures["due_in"]
        # Anki's own answers travel back too (besides Flywheel's, of which there are none).
        assert collection.db.scalar("SELECT count(*) FROM revlog WHERE cid = ?", card.id) == 3
        # Media go back into the package, referred to as Anki does.
        media_note = collection.db.scalar(
            "SELECT flds FROM notes WHERE guid = ?", built.guids["media"]
        )
        assert '<img src="pic.png"' in media_note
        assert "[sound:say.mp3]" in media_note
        media = Path(collection.media.dir())
        assert (media / "pic.png").read_bytes() == PNG
        assert (media / "say.mp3").is_file()
    finally:
        collection.close()


def test_repetitions_count_passing_days_at_the_end_of_the_log() -> None:
    day = 86_400_000
    answers = [
        AnkiAnswer(0, 3, 1, 0, 2500, 0, 0),
        AnkiAnswer(1 * day, 1, 1, 1, 2300, 0, 1),  # a lapse resets the count
        AnkiAnswer(2 * day, 3, 1, 1, 2300, 0, 2),
        AnkiAnswer(2 * day + 60_000, 3, 1, 1, 2300, 0, 2),  # same day: counts once
        AnkiAnswer(3 * day, 0, 5, 1, 2300, 0, 4),  # a manual reschedule is not an answer
        AnkiAnswer(5 * day, 4, 9, 1, 2450, 0, 1),
    ]
    assert streak(answers) == 2
    assert streak(answers[:2]) == 0
    assert streak([]) == 0


def test_ids_are_slugs_made_unique() -> None:
    maker = IdMaker({"verbs/comer"})
    assert maker.make("Languages::Verbs", "<b>Comer</b>") == "verbs/comer-2"
    assert maker.make("Languages::Verbs", "comer") == "verbs/comer-3"
    assert maker.make("한국어", "{{c1::서울}}") == "anki/note"
    assert slug("Él está aquí, ¿no?") == "el-esta-aqui-no"


def test_html_becomes_markdown_with_media_in_the_media_folder() -> None:
    media: set[str] = set()
    text = to_markdown('<div>a <i>b</i></div><img src="x y.png"> [sound:../evil.mp3]', media)
    assert text == "a *b*\n\n![](media/x%20y.png) ../evil.mp3"
    assert media == {"x y.png"}


def test_back_into_the_source_collection_updates_only_with_merged_note_types(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    """Exported notes carry Flywheel's note types; the notes in the collection they came from
    have Anki's. Anki refuses to change a note's type on import ("conflicting note type") unless
    "Merge note types" is ticked: then the same notes are updated in place."""
    assert flywheel("import", str(built.current), env=env).returncode == 0
    out = tmp_path / "back.apkg"
    assert flywheel("export", "-o", str(out), env=env).returncode == 0
    shutil.copytree(built.current.parent / "source", tmp_path / "origin")
    collection = AnkiCollection(str(tmp_path / "origin" / "collection.anki2"))
    try:
        assert collection.db is not None
        before = collection.db.all("SELECT id, guid FROM notes ORDER BY id")
        logs = []
        for merge in (False, True):
            options = ImportAnkiPackageOptions(
                merge_notetypes=merge,
                update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
                with_scheduling=True,
            )
            request = ImportAnkiPackageRequest(package_path=str(out), options=options)
            logs.append(collection.import_anki_package(request).log)
        assert (len(logs[0].conflicting), len(logs[0].updated)) == (6, 0)
        assert (len(logs[1].conflicting), len(logs[1].updated), len(logs[1].new)) == (0, 6, 0)
        assert collection.db.all("SELECT id, guid FROM notes ORDER BY id") == before
        types = [collection.models.get(mid) for mid in collection.db.list("SELECT mid FROM notes")]
        names = {notetype["name"] for notetype in types if notetype is not None}
        assert names == {"Flywheel Basic", "Flywheel Reverse", "Flywheel Cloze"}
    finally:
        collection.close()


def test_imported_answers_count_in_stats(built: Built, env: dict[str, str]) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    result = flywheel("stats", "--json", env=env)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["reviews"] == 11
    assert stats["retention_30d"] is not None


def test_importing_again_keeps_progress_made_in_flywheel(built: Built, env: dict[str, str]) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    ids = card_ids(env, built)
    assert flywheel("answer", ids["cloze:0"], "5", env=env).returncode == 0
    answered = card_state(env, ids["cloze:0"])
    again = flywheel("import", str(built.current), env=env)
    assert again.returncode == 0, again.stderr
    assert "1 card already answered in Flywheel kept as it is" in again.stdout
    assert card_state(env, ids["cloze:0"]) == answered
    assert flywheel("doctor", env=env).returncode == 0


def test_a_relearning_card_is_due_today_and_a_learning_card_new() -> None:
    relearning = AnkiCard(0, 3, 1, 9_999, 4, 2100, 6, 2)
    state = imported_card("a#fwd", relearning, date(2026, 5, 1))
    assert state.state == SM2State(0, 210, 4, date(2026, 5, 1))
    assert (state.reviews, state.lapses) == (6, 2)
    learning = AnkiCard(0, 1, 1, 0, 0, 2500, 1, 0)
    assert imported_card("a#fwd", learning, date(2026, 5, 1)).state is None


def test_flywheel_decks_come_back_from_anki_as_they_went(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Flywheel -> Anki -> Flywheel: ids, kinds, both languages and the schedule survive."""
    source = {**env, "FLYWHEEL_DECKS": str(tmp_path / "first"), "FLYWHEEL_DB": str(tmp_path / "1")}
    Path(source["FLYWHEEL_DECKS"]).mkdir()
    (Path(source["FLYWHEEL_DECKS"]) / "basics.toml").write_text(GOOD_DECK, encoding="utf-8")
    assert flywheel("answer", "test/capital#fwd", "5", env=source).returncode == 0
    assert flywheel("export", "-o", str(tmp_path / "out.apkg"), env=source).returncode == 0
    back = flywheel("import", str(tmp_path / "out.apkg"), env=env)
    assert back.returncode == 0, back.stderr
    assert back.stderr == ""  # Flywheel's note types are known: no warning
    original = load_collection([Path(source["FLYWHEEL_DECKS"]) / "basics.toml"])
    returned = load_collection(deck_paths([Path(env["FLYWHEEL_DECKS"])]))
    assert returned.problems == []
    before = {note.id: note for _, note in original.notes()}
    after = {note.id: note for _, note in returned.notes()}
    assert after.keys() == before.keys()
    for note_id, note in after.items():
        assert (note.kind, note.en, note.ko) == (
            before[note_id].kind,
            before[note_id].en,
            before[note_id].ko,
        ), note_id
    assert card_state(source, "test/capital#fwd").sm2 == card_state(env, "test/capital#fwd").sm2


def test_an_unusable_database_stops_the_import_before_any_file(
    built: Built, env: dict[str, str]
) -> None:
    Path(env["FLYWHEEL_DB"]).write_text("not a database", encoding="utf-8")
    result = flywheel("import", str(built.current), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "not a Flywheel database" in result.stderr
    assert not Path(env["FLYWHEEL_DECKS"]).exists()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 가\n#-.1[]>`!:()~|=+\"'/"), max_size=40))
def test_plain_text_skips_the_converter_with_the_same_result(text: str) -> None:
    from markdownify import MarkdownConverter

    converted = MarkdownConverter(heading_style="ATX", bullets="-", newline_style="backslash")
    lines = [line.rstrip() for line in converted.convert(text).strip().splitlines()]
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    assert to_markdown(text, set()) == expected

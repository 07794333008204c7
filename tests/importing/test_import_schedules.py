"""Schedules both ways: Anki's review cards become SM-2 states that later answers continue,
imported history is kept apart, and notes exported again keep their GUIDs and schedules.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import (
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.store.store import Store
from tests.anki_packages import PNG, Built
from tests.conftest import GOOD_DECK, flywheel
from tests.importing.support import (
    FORMS,
    card_ids,
    card_state,
    package,
    today,
)
from tests.sql import run_sql


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
        ((kept,),) = run_sql(store, "SELECT count(*) FROM imported_review")
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


@pytest.mark.parametrize("shift", [-20, 5])
def test_due_days_keep_anki_s_calendar_whatever_today_is_set_to(
    built: Built, env: dict[str, str], shift: int
) -> None:
    """A card due on a day in Anki is due on that day here, with `--today` set or not; only a
    relearning card, due at once, is due on the study day given."""
    study_today = today() + timedelta(days=shift)
    shifted = {**env, "FLYWHEEL_TODAY": study_today.isoformat()}
    result = flywheel("import", str(built.current), env=shifted)
    assert result.returncode == 0, result.stderr
    ids = card_ids(shifted, built)
    checked = 0
    for label, figures in built.cards.items():
        if figures["type"] == 2:
            due = card_state(shifted, ids[label]).sm2.due
            assert due == today() + timedelta(days=figures["due_in"]), label
            checked += 1
    assert checked >= 3

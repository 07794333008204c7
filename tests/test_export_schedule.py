"""Exports carry schedules: Flywheel's reviewed cards imported by real Anki "with learning
progress" come out as review cards with the same interval, ease and due day, and the review log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from anki.collection import Collection as AnkiCollection

from cards.anki.export import export_apkg
from cards.anki.export_notes import note_guid
from cards.anki.export_schedule import Schedules, anki_template, collection_start
from cards.decks.loading import load_collection
from cards.decks.models import Deck
from cards.schedule.card_schedules import BUTTON_FOR_GRADE
from cards.schedule.study_day import study_day
from cards.store.store import Store
from tests.anki_support import import_apkg
from tests.conftest import GOOD_DECK, flywheel


def db(collection: AnkiCollection) -> Any:
    """The open collection's database (typed as optional by Anki)."""
    assert collection.db is not None
    return collection.db


def grade_for(card_id: str, day: int) -> int:
    """A varied but fixed answer pattern: one card fails once, the others pass."""
    if card_id.endswith("#rev") and day == 7:
        return 1
    return 3 + (len(card_id) + day) % 3


def study(store: Store, first: date, days: int, skip: str = "") -> None:
    """Answer every card in each day's queue (but those whose id ends in `skip`), drills too."""
    for offset in range(days):
        day = first + timedelta(days=offset)
        for _ in range(50):
            queue = [i for i in store.queue(day) if not (skip and i.card_id.endswith(skip))]
            if not queue:
                break
            item = queue[0]
            moment = datetime.combine(day, time(9)).astimezone() + timedelta(seconds=_)
            grade = 4 if item.kind == "drill" else grade_for(item.card_id, offset)
            seconds = None if _ % 3 == 0 else 2.5 + _  # some answers logged without a time
            store.answer(item.card_id, grade, day, moment, seconds)


def reviewed_collection(tmp_path: Path, write_deck: Callable[..., Path], today: date) -> Store:
    deck_file = write_deck(GOOD_DECK)
    store = Store.open(tmp_path / "flywheel.sqlite3")
    store.sync([deck_file])
    study(store, today - timedelta(days=40), 3)
    study(store, today - timedelta(days=2), 1, skip="#rev")  # the reverse card stays overdue
    store.set_suspended("test/cloze#c2", True, today)
    return store


def decks_of(paths: list[Path]) -> list[Deck]:
    return [deck_file.deck for deck_file in load_collection(paths).decks]


def test_reviewed_cards_arrive_in_anki_with_interval_ease_and_due_day(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    today = study_day(datetime.now().astimezone(), 4)  # Anki's own day, with its rollover at 4
    store = reviewed_collection(tmp_path, write_deck, today)
    schedules = store.schedules()
    decks = decks_of([tmp_path / "decks" / "deck.toml"])
    store.bury("test/capital#fwd", today)
    schedules = store.schedules()
    summary = export_apkg(decks, tmp_path / "out.apkg", schedules=Schedules(schedules, today))
    assert summary.reviewed == 5

    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg", scheduling=True)
    anki_today = collection.sched.today
    notes = {note.id: note for deck in decks for note in deck.notes}
    checked = 0
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        guid = collection.get_note(card.nid).guid
        note = next(n for n in notes.values() if note_guid(n.id) == guid)
        flywheel_id = f"{note.id}#{anki_template(note, card.ord)}"
        state = store.state(flywheel_id)
        assert state is not None
        assert state.sm2.due is not None
        assert card.type == 2, flywheel_id
        assert card.ivl == state.sm2.interval, flywheel_id
        assert card.factor == state.sm2.easiness_pct * 10, flywheel_id
        assert card.due - anki_today == (state.sm2.due - today).days, flywheel_id
        assert (card.reps, card.lapses) == (state.reviews, state.lapses), flywheel_id
        buried = state.buried_until is not None and state.buried_until > today
        assert card.queue == (-1 if state.suspended else -3 if buried else 2), flywheel_id
        history = store.history(flywheel_id)
        revlog = db(collection).all(
            "SELECT ease, ivl, lastIvl, factor, type, time FROM revlog WHERE cid = ? ORDER BY id",
            card_id,
        )
        assert [row[0] for row in revlog] == [BUTTON_FOR_GRADE[e.grade] for e in history]
        assert [row[1] for row in revlog] == [e.after.interval for e in history]
        assert [row[3] for row in revlog] == [e.after.easiness_pct * 10 for e in history]
        assert [row[5] for row in revlog] == [round((e.seconds or 0) * 1000) for e in history]
        checked += 1
    assert checked == 5
    assert sorted(db(collection).list("SELECT queue FROM cards")) == [-3, -1, 2, 2, 2]
    # Some cards are overdue, some due later, one failed recently: the check covers them all.
    dues = {store.state(c).sm2.due for c in schedules}  # type: ignore[union-attr]
    assert any(d is not None and d < today for d in dues)
    assert any(d is not None and d > today for d in dues)
    store.close()


def test_without_learning_progress_anki_takes_notes_only(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    today = study_day(datetime.now().astimezone(), 4)
    with reviewed_collection(tmp_path, write_deck, today) as store:
        schedules = Schedules(store.schedules(), today)
    decks = decks_of([tmp_path / "decks" / "deck.toml"])
    export_apkg(decks, tmp_path / "out.apkg", schedules=schedules)
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg", scheduling=False)
    types = db(collection).list("SELECT type FROM cards")
    assert types == [0] * 5
    assert db(collection).scalar("SELECT count(*) FROM revlog") == 0


def test_package_days_count_from_a_rollover_before_every_due_date() -> None:
    today = date(2026, 3, 10)
    crt, start = collection_start(today, 4, date(2026, 2, 1))
    assert start == date(2026, 1, 31)
    boundary = datetime.combine(today, time(4)).astimezone().timestamp()
    assert (boundary - crt) == (today - start).days * 86_400


def test_cli_export_carries_schedules_and_no_schedule_writes_new_cards(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    write_deck(GOOD_DECK)
    today = study_day(datetime.now().astimezone(), 4)
    env = {**isolated_env, "FLYWHEEL_TODAY": today.isoformat()}
    config = Path(isolated_env["FLYWHEEL_CONFIG"])
    config.write_text("builtin_decks = false\n", encoding="utf-8")
    answered = flywheel("answer", "test/capital#fwd", "4", env=env, cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr

    result = flywheel("export", "-o", "with.apkg", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(1 with their schedules)" in result.stdout
    shared = flywheel("export", "--no-schedule", "-o", "fresh.apkg", env=env, cwd=tmp_path)
    assert shared.returncode == 0, shared.stderr
    assert "schedules" not in shared.stdout

    with_progress = anki("with")
    import_apkg(with_progress, tmp_path / "with.apkg", scheduling=True)
    rows = db(with_progress).all("SELECT type, ivl, due FROM cards WHERE type = 2")
    assert rows == [[2, 1, with_progress.sched.today + 1]]
    assert db(with_progress).scalar("SELECT count(*) FROM revlog") == 1
    fresh = anki("fresh")
    import_apkg(fresh, tmp_path / "fresh.apkg", scheduling=True)
    assert db(fresh).list("SELECT DISTINCT type FROM cards") == [0]
    assert db(fresh).scalar("SELECT count(*) FROM revlog") == 0


def test_answers_at_the_same_moment_get_distinct_revlog_ids(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    import sqlite3
    import zipfile

    from cards.schedule.card_schedules import AnkiAnswer, CardSchedule
    from cards.schedule.sm2 import SM2State

    today = date(2026, 1, 15)
    moment = 1_768_000_000_000
    answers = [AnkiAnswer(moment, 3, 1, 0, 2500, 0, 0), AnkiAnswer(moment, 3, 6, 1, 2500, 0, 1)]
    schedule = CardSchedule(SM2State(2, 250, 6, today), 2, 0, False, None, answers)
    cards = {"test/capital#fwd": schedule, "test/pair#fwd": schedule, "test/pair#rev": schedule}
    decks = decks_of([write_deck(GOOD_DECK)])
    export_apkg(decks, tmp_path / "out.apkg", schedules=Schedules(cards, today))
    with zipfile.ZipFile(tmp_path / "out.apkg") as archive:
        (tmp_path / "col.sqlite").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "col.sqlite")
    ids = [row[0] for row in connection.execute("SELECT id FROM revlog ORDER BY id")]
    connection.close()
    assert ids == list(range(moment, moment + 6))


def test_a_leech_arrives_in_anki_suspended_with_anki_s_leech_tag(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    deck_file = write_deck(GOOD_DECK)
    first = date(2026, 2, 1)
    with Store.open(tmp_path / "flywheel.sqlite3") as store:
        store.sync([deck_file])
        for offset in range(30):
            day = first + timedelta(days=offset)
            moment = datetime.combine(day, time(9)).astimezone()
            if not any(i.card_id == "test/capital#fwd" for i in store.queue(day)):
                continue
            learned = store.state("test/capital#fwd").sm2.repetitions > 0  # type: ignore[union-attr]
            if not learned:  # learned (again) first: only forgetting it is a lapse
                store.answer("test/capital#fwd", 4, day, moment)
                continue
            if store.answer("test/capital#fwd", 1, day, moment).became_leech:  # forgotten again
                break
            store.answer("test/capital#fwd", 4, day, moment + timedelta(seconds=5))  # drill
        state = store.state("test/capital#fwd")
        assert state is not None
        assert state.suspended
        schedules = Schedules(store.schedules(), day)
    decks = [deck.deck for deck in load_collection([deck_file]).decks]
    out = tmp_path / "leech.apkg"
    export_apkg(decks, out, schedules=schedules)
    (tmp_path / "anki").mkdir()
    collection = AnkiCollection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        import_apkg(collection, out, scheduling=True)
        note_id = db(collection).scalar(
            "SELECT id FROM notes WHERE guid = ?", note_guid("test/capital")
        )
        note = collection.get_note(note_id)
        assert note.has_tag("leech")
        assert [card.queue for card in note.cards()] == [-1]
        other = collection.get_note(
            db(collection).scalar("SELECT id FROM notes WHERE guid = ?", note_guid("test/pair"))
        )
        assert not other.has_tag("leech")
    finally:
        collection.close()

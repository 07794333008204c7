"""The first sync: onto a server that holds the user's own collection, and the login it keeps."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cards.anki.export_notes import note_guid
from cards.anki.note_types import BASIC, CLOZE, REVERSE
from tests.anki_support import import_apkg
from tests.syncing.conftest import Desk
from tests.syncing.support import PASSWORD, Phone, answers_in_log, flywheel, saved_login

pytestmark = pytest.mark.anki

FLYWHEEL_NOTES = ("sync/one", "sync/two", "sync/three", "sync/four")


def test_the_phones_own_deck_stays_as_it_was_and_flywheels_notes_join_it(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    phone.add_own_deck()
    phone.answer_queue(deck="Phone's own")
    phone.sync()  # the server now holds the phone's collection
    own_before = phone.rows("SELECT id, guid, mid, mod, usn, flds FROM notes ORDER BY id")
    answers_before = phone.revlog()
    config_before = phone.rows("SELECT id, name FROM decks WHERE name LIKE 'Phone%'")

    assert flywheel(*desk.sync_args()) == 0
    printed = capsys.readouterr().out
    assert "took the collection on" in printed
    assert "4 notes added to Anki" in printed
    phone.sync()

    guids = {row[0]: row[1] for row in phone.rows("SELECT guid, mid FROM notes")}
    for note_id, model in zip(FLYWHEEL_NOTES, (BASIC, BASIC, REVERSE, CLOZE), strict=True):
        assert guids[note_guid(note_id)] == model.id
    own_after = phone.rows(
        "SELECT id, guid, mid, mod, usn, flds FROM notes WHERE mid NOT IN (?, ?, ?) ORDER BY id",
        BASIC.id,
        REVERSE.id,
        CLOZE.id,
    )
    assert [row[:4] + row[5:] for row in own_after] == [row[:4] + row[5:] for row in own_before]
    assert phone.revlog() == answers_before  # Flywheel has no answers yet; the phone's stay
    assert phone.rows("SELECT id, name FROM decks WHERE name LIKE 'Phone%'") == config_before
    assert phone.col.card_count() == 3 + 1 + 1 + 2 + 2


def test_only_the_host_key_is_kept_readable_by_the_user_alone(desk: Desk) -> None:
    assert flywheel(*desk.sync_args()) == 0
    path = desk.state / "flywheel" / "anki-login.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    login = saved_login(desk.state)
    assert set(login) == {"user", "server", "hkey", "endpoint"}
    assert login["hkey"]
    assert PASSWORD not in path.read_text()

    # The next sync needs neither the user nor the password.
    assert flywheel("sync") == 0


def test_logout_forgets_the_key(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert flywheel(*desk.sync_args()) == 0
    assert flywheel("sync", "--logout") == 0
    assert not (desk.state / "flywheel" / "anki-login.json").exists()
    assert flywheel("sync", "--logout") == 0
    assert "not logged in" in capsys.readouterr().out


def test_a_second_sync_with_nothing_new_changes_nothing(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    assert flywheel("sync") == 0
    phone.sync()
    notes = phone.rows("SELECT id, guid, mod, usn, flds FROM notes ORDER BY id")
    cards = phone.rows("SELECT * FROM cards ORDER BY id")
    capsys.readouterr()

    for _ in range(3):
        assert flywheel("sync") == 0
        assert capsys.readouterr().out.endswith(": nothing new\n")
    phone.sync()
    assert phone.rows("SELECT id, guid, mod, usn, flds FROM notes ORDER BY id") == notes
    assert phone.rows("SELECT * FROM cards ORDER BY id") == cards
    assert len(phone.revlog()) == 1


def test_notes_and_answers_an_export_brought_to_anki_are_not_doubled(
    desk: Desk, phone: Phone, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    package = tmp_path / "flywheel.apkg"
    assert flywheel("export", "-o", str(package)) == 0
    import_apkg(phone.col, package, scheduling=True)
    phone.sync()  # the server holds the exported notes and their answer
    assert len(phone.revlog()) == 1
    capsys.readouterr()

    assert flywheel(*desk.sync_args()) == 0
    assert "answer" not in capsys.readouterr().out  # none taken in, none sent
    phone.sync()
    assert phone.col.note_count() == 4
    assert len(phone.revlog()) == 1
    assert len(answers_in_log(desk.db)) == 1

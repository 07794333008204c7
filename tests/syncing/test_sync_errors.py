"""What goes wrong is said in one line: a wrong password, a server down, no Anki library, a
one-way sync the user must choose."""

from __future__ import annotations

import io
import socket
import sys

import pytest

from tests.syncing.conftest import Desk
from tests.syncing.support import Phone, answers_in_log, flywheel

pytestmark = pytest.mark.anki


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_a_wrong_password_is_refused_and_nothing_is_kept(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FLYWHEEL_SYNC_PASSWORD", "not the password")
    assert flywheel(*desk.sync_args()) == 2
    assert "refused the login: wrong user name or password" in _one_line(capsys)
    assert not (desk.state / "flywheel" / "anki-login.json").exists()


def test_a_server_that_is_down_is_named(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: nothing listens there
    assert flywheel("sync", "--server", f"http://127.0.0.1:{port}", "--user", desk.user) == 2
    assert f"http://127.0.0.1:{port}/ cannot be reached" in _one_line(capsys)


def test_a_server_that_went_down_after_the_login(
    desk: Desk, sync_server: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    sync_server.stop()  # type: ignore[attr-defined]
    capsys.readouterr()
    assert flywheel("sync") == 2
    assert "cannot be reached" in _one_line(capsys)


def test_without_the_anki_library_the_extra_is_named(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    assert flywheel(*desk.sync_args()) == 2
    assert "install flywheel-cards[anki]" in _one_line(capsys)


def test_an_address_that_is_not_one(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    assert flywheel("sync", "--server", "ftp://example.com", "--user", "me") == 2
    assert "not an http:// or https:// address" in _one_line(capsys)


def test_a_one_way_sync_is_the_users_choice(
    desk: Desk, phone: Phone, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    phone.sync()
    phone.add_own_deck()
    phone.col.set_schema_modified()  # as a note type changed on the phone
    phone.sync(upload=True)
    capsys.readouterr()

    assert flywheel("sync") == 2
    line = _one_line(capsys)
    assert "asks for a one-way sync" in line
    assert "--full-download" in line

    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    assert flywheel("sync", "--full-upload") == 2
    question = capsys.readouterr().err
    assert '3 notes in "Phone\'s own"' in question  # it names what the server would lose
    assert "0 answers" in question  # Flywheel's answer is not there yet
    phone.sync()
    assert phone.col.note_count() == 4 + 3  # the server still has the phone's notes

    assert flywheel("sync", "--full-download") == 0
    assert "took the collection" in capsys.readouterr().out
    phone.sync()
    assert phone.col.note_count() == 4 + 3
    assert len(phone.revlog()) == len(answers_in_log(desk.db)) == 1

"""Notes and media: edits made in Anki are reported and saved, removed notes stay in Anki,
media files travel both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.anki.export_notes import note_guid
from tests.syncing.conftest import Desk
from tests.syncing.support import SMALL_DECK, Phone, flywheel

pytestmark = pytest.mark.anki

PICTURE = b"\x89PNG\r\n\x1a\n flywheel's picture"
PHONE_PICTURE = b"\x89PNG\r\n\x1a\n the phone's picture"


def test_an_edit_made_in_anki_is_reported_saved_and_replaced_by_the_deck_file(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    phone.sync()
    note = phone.col.get_note(phone.card_of(note_guid("sync/two")).nid)
    note["Front"] = "two, <b>edited on the phone</b>"
    phone.col.update_note(note)
    phone.sync()
    capsys.readouterr()

    assert flywheel("sync") == 0
    out = capsys.readouterr().out
    assert "1 note edited in Anki got the deck files' text again" in out
    saved = Path(out.split("saved in ")[1].strip())
    text = saved.read_text(encoding="utf-8")
    assert "sync/two" in text
    assert "two, **edited on the phone**" in text
    phone.sync()
    assert phone.col.get_note(note.id)["Front"] == "two"

    assert flywheel("sync") == 0
    assert "edited in Anki" not in capsys.readouterr().out  # reported once


def test_a_note_removed_from_the_deck_files_stays_in_anki_with_its_history(
    desk: Desk, phone: Phone, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flywheel(*desk.sync_args()) == 0
    assert flywheel("answer", "sync/one#fwd", "4") == 0
    assert flywheel("sync") == 0
    without_one = SMALL_DECK.replace(
        '[[notes]]\nid = "sync/one"\nkind = "basic"\nen.front = "one"\nen.back = "하나"\n\n', ""
    )
    assert without_one != SMALL_DECK
    (desk.decks / "small.toml").write_text(without_one, encoding="utf-8")
    capsys.readouterr()

    assert flywheel("sync") == 0
    out = capsys.readouterr().out
    assert "1 note no longer in your deck files: it stays in Anki as last written" in out
    phone.sync()
    card = phone.card_of(note_guid("sync/one"))
    assert card.ivl == 1
    assert [row[1] for row in phone.revlog()] == [card.id]


def test_media_travels_both_ways_and_the_phones_files_stay(
    desk: Desk, phone: Phone, tmp_path: Path, sync_server: object
) -> None:
    (desk.decks / "media").mkdir()
    (desk.decks / "media" / "wheel.png").write_bytes(PICTURE)
    deck = SMALL_DECK.replace('en.back = "하나"', 'en.back = "하나 ![a wheel](media/wheel.png)"')
    (desk.decks / "small.toml").write_text(deck, encoding="utf-8")
    phone.add_own_deck(notes=1)
    name = phone.col.media.write_data("phone.png", PHONE_PICTURE)
    own = phone.col.get_note(phone.col.find_notes('"deck:Phone\'s own"')[0])
    own["Back"] = f'<img src="{name}">'
    phone.col.update_note(own)
    phone.sync()

    assert flywheel(*desk.sync_args()) == 0
    mirror_media = list(desk.db.parent.glob("*.anki/*/collection.media/*"))
    assert sorted(path.name for path in mirror_media) == sorted(["wheel.png", name])
    phone.sync()
    assert Path(phone.col.media.dir(), "wheel.png").read_bytes() == PICTURE
    assert Path(phone.col.media.dir(), name).read_bytes() == PHONE_PICTURE

    # A second device starting afresh gets both files from the server.
    tablet = Phone(tmp_path / "tablet.anki2", sync_server, desk.user)  # type: ignore[arg-type]
    try:
        tablet.sync()
        assert Path(tablet.col.media.dir(), "wheel.png").read_bytes() == PICTURE
        assert Path(tablet.col.media.dir(), name).read_bytes() == PHONE_PICTURE
    finally:
        tablet.close()

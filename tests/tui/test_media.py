"""Pictures and sounds in a card: named placeholders in the review, and `o` opens the files."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from cards.decks.media import media_names, open_command, with_placeholders
from cards.store.store import Store
from tests.tui.conftest import piloted, recording_app, until
from tui.app.widgets.card_text import CardText
from tui.app.widgets.status_line import StatusLine

MEDIA_DECK = """\
name = "Media"

[[notes]]
id = "media/picture"
kind = "basic"
en.front = "What is shown? ![a map](media/map%20of%20seoul.png)"
en.back = "Seoul; listen: [say.mp3](media/say.mp3)"
"""


def test_placeholders_name_the_files() -> None:
    text = "See ![](media/pic.png) and [x.mp3](media/x.mp3), not [site](https://a.b/media/c)."
    assert with_placeholders(text) == (
        "See \\[image: pic.png\\] and \\[media: x.mp3\\], not [site](https://a.b/media/c)."
    )
    assert media_names(text) == ["pic.png", "x.mp3"]
    assert media_names("![](media/../secret)") == []
    assert open_command(Path("a.png"), "darwin") == ["open", "a.png"]
    assert open_command(Path("a.png"), "linux") == ["xdg-open", "a.png"]


async def test_o_opens_the_media_of_the_card_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decks = tmp_path / "decks"
    (decks / "media").mkdir(parents=True)
    deck_file = decks / "media.toml"
    deck_file.write_text(MEDIA_DECK, encoding="utf-8")
    (decks / "media" / "map of seoul.png").write_bytes(b"png")
    (decks / "media" / "say.mp3").write_bytes(b"mp3")
    # A stand-in for the system's viewer that records what it was asked to open.
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "bin" / "xdg-open"
    viewer.parent.mkdir()
    viewer.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n', encoding="utf-8")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{viewer.parent}{os.pathsep}{os.environ['PATH']}")
    store = Store.open(tmp_path / "db.sqlite3")

    try:
        app = recording_app(store, [deck_file])
        async with piloted(app) as pilot:
            front = app.screen.query_one("#front", CardText)
            assert front.source == "What is shown? \\[image: map of seoul.png\\]"
            await pilot.press("o")
            status = app.screen.query_one(StatusLine)
            await until(pilot, lambda: not status.message.startswith("Opening"))
            assert (status.severity, status.message) == ("information", "Opened map of seoul.png.")
            await pilot.press("space")
            back = app.screen.query_one("#back", CardText)
            assert back.source == "Seoul; listen: \\[media: say.mp3\\]"
            await pilot.press("o")
            status = app.screen.query_one(StatusLine)
            await until(pilot, lambda: not status.message.startswith("Opening"))
            assert status.message == "Opened map of seoul.png, say.mp3."
    finally:
        store.close()
    for _ in range(50):  # the viewer runs on its own; give it a moment to write
        if opened.exists() and len(opened.read_text("utf-8").splitlines()) == 3:
            break
        await asyncio.sleep(0.1)
    # Each viewer runs on its own, so they may write in any order.
    assert sorted(opened.read_text("utf-8").splitlines()) == [
        str(decks / "media" / "map of seoul.png"),
        str(decks / "media" / "map of seoul.png"),
        str(decks / "media" / "say.mp3"),
    ]


async def test_o_says_so_when_the_viewer_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`xdg-open` exits 3 when no application opens the file: the status line says it could
    not, with the opener's reason, instead of "Opened"."""
    decks = tmp_path / "decks"
    (decks / "media").mkdir(parents=True)
    deck_file = decks / "media.toml"
    deck_file.write_text(MEDIA_DECK, encoding="utf-8")
    (decks / "media" / "map of seoul.png").write_bytes(b"png")
    viewer = tmp_path / "bin" / "xdg-open"
    viewer.parent.mkdir()
    viewer.write_text(
        "#!/bin/sh\necho \"xdg-open: no method available for opening '$1'\" >&2\nexit 3\n",
        encoding="utf-8",
    )
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{viewer.parent}{os.pathsep}{os.environ['PATH']}")
    store = Store.open(tmp_path / "db.sqlite3")

    try:
        app = recording_app(store, [deck_file])
        async with piloted(app, size=(100, 24)) as pilot:
            await pilot.press("o")
            status = app.screen.query_one(StatusLine)
            await until(pilot, lambda: not status.message.startswith("Opening"))
            severity, message = status.severity, status.message
    finally:
        store.close()
    assert severity == "error"
    assert message.startswith("Could not open map of seoul.png")
    assert "no method available" in message
    assert "Opened" not in message

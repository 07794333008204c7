"""Real parts for the sync tests: Anki's own sync server, and a phone that is a second Anki
collection answering with Anki's own scheduler."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anki.collection import Collection as AnkiCollection  # first: anki.cards needs it loaded

from anki.cards import Card  # isort: skip
from anki.scheduler.v3 import CardAnswer, Scheduler
from anki.sync import SyncAuth, SyncOutput

from tui.commands.cli import main

ACCOUNTS = 2
"""Accounts on a test's server (the server spends half a second on each as it starts)."""
PASSWORD = "secret"

SMALL_DECK = """\
name = "Sync::Small"

[[notes]]
id = "sync/one"
kind = "basic"
en.front = "one"
en.back = "하나"

[[notes]]
id = "sync/two"
kind = "basic"
en.front = "two"
en.back = "둘"

[[notes]]
id = "sync/three"
kind = "reverse"
en.front = "three"
en.back = "셋"

[[notes]]
id = "sync/four"
kind = "cloze"
en.text = "{{c1::Four}} is {{c2::four}}."
"""


@dataclass
class SyncServer:
    """`python -m anki.syncserver` on loopback with a folder of its own."""

    process: subprocess.Popen[str]
    url: str
    accounts: int = ACCOUNTS
    taken: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def account(self) -> str:
        """A user nobody has synced with yet."""
        with self.lock:
            self.taken += 1
            if self.taken > self.accounts:
                raise RuntimeError("the test server has no fresh account left")
            return f"user{self.taken}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_server(base: Path, accounts: int = ACCOUNTS) -> SyncServer:
    """Start the server on a free port (it logs the port it took) and wait until it listens."""
    env = {
        **os.environ,
        "SYNC_BASE": str(base),
        "SYNC_HOST": "127.0.0.1",
        "SYNC_PORT": "0",
        **{f"SYNC_USER{n}": f"user{n}:{PASSWORD}" for n in range(1, accounts + 1)},
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "anki.syncserver"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"listening addr=127\.0\.0\.1:(\d+)", re.sub(r"\x1b\[[0-9;]*m", "", line))
        if found:
            # Keep reading its log so the pipe never fills and blocks the server.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return SyncServer(process, f"http://127.0.0.1:{found.group(1)}/", accounts)
    raise RuntimeError("the sync server did not start")


class Phone:
    """Another device: an Anki collection of its own, synced with the server."""

    def __init__(self, path: Path, server: SyncServer, user: str) -> None:
        self.col = AnkiCollection(str(path))
        self.auth: SyncAuth = self.col.sync_login(user, PASSWORD, server.url)

    def sync(self, *, upload: bool = False) -> None:
        """Sync as Anki does; a one-way sync goes the only way it can, else as `upload` says."""
        out = self.col.sync_collection(self.auth, False)
        if out.required in (SyncOutput.FULL_SYNC, SyncOutput.FULL_DOWNLOAD, SyncOutput.FULL_UPLOAD):
            if out.required != SyncOutput.FULL_SYNC:
                upload = out.required == SyncOutput.FULL_UPLOAD
            self.col.close_for_full_sync()
            self.col.full_upload_or_download(
                auth=self.auth, server_usn=out.server_media_usn, upload=upload
            )
            self.col.reopen(after_full_sync=True)
        self.col.sync_media(self.auth)
        while self.col.media_sync_status().active:  # it runs in the background
            time.sleep(0.02)

    def add_own_deck(self, notes: int = 3) -> None:
        """The phone's own deck of Anki Basic notes, which Flywheel must leave alone."""
        notetype = self.col.models.by_name("Basic")
        assert notetype is not None
        deck = self.col.decks.id("Phone's own")
        assert deck is not None
        for number in range(notes):
            note = self.col.new_note(notetype)
            note["Front"], note["Back"] = f"own {number}", f"mine {number}"
            self.col.add_note(note, deck)

    def answer_queue(
        self, rating: Any = CardAnswer.GOOD, limit: int = 100, deck: str = "Sync"
    ) -> list[int]:
        """Answer each card of the deck's queue today once with Anki's scheduler; their ids."""
        deck_id = self.col.decks.id_for_name(deck)
        assert deck_id is not None, deck
        self.col.decks.select(deck_id)
        answered: list[int] = []
        sched = self.col.sched
        assert isinstance(sched, Scheduler)
        queued = sched.get_queued_cards(fetch_limit=limit)
        for item in queued.cards:
            card = Card(self.col)
            card._load_from_backend_card(item.card)
            card.start_timer()
            answer = sched.build_answer(card=card, states=item.states, rating=rating)
            sched.answer_card(answer)
            answered.append(card.id)
        return answered

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """A query of the phone's database."""
        assert self.col.db is not None
        return [tuple(row) for row in self.col.db.all(sql, *args)]

    def revlog(self) -> list[tuple[Any, ...]]:
        """(id, card id, button) of every answer the phone knows."""
        return self.rows("SELECT id, cid, ease FROM revlog ORDER BY id")

    def card_of(self, guid: str, ordinal: int = 0) -> Card:
        assert self.col.db is not None
        card_id = self.col.db.scalar(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?",
            guid,
            ordinal,
        )
        return self.col.get_card(card_id)

    def close(self) -> None:
        self.col.close()


def flywheel(*args: str) -> int:
    """Run the command line in this process."""
    return main(list(args))


def answers_in_log(db: Path) -> list[tuple[str, str, int]]:
    """(card, moment, grade) of every answer in Flywheel's log."""
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT card_id, answered_at, grade FROM review_log ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def saved_login(state: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((state / "flywheel" / "anki-login.json").read_text())
    return data

"""`flywheel serve` in a real browser: tabs answering at once (and beside a terminal) lose
nothing, and no tab's process outlives the server, however it ends."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.served import (
    Served,
    Tab,
    app_processes,
    wait_for,
)
from tests.tui.terminal import review_log

pytestmark = pytest.mark.browser


SECOND_DECK = """\
name = "Test::Second"

[[notes]]
id = "second/one"
kind = "basic"
en.front = "First question of the second deck"
en.back = "answer one"

[[notes]]
id = "second/two"
kind = "basic"
en.front = "Second question of the second deck"
en.back = "answer two"

[[notes]]
id = "second/three"
kind = "basic"
en.front = "Third question of the second deck"
en.back = "answer three"
"""


def test_two_tabs_answering_at_once_lose_nothing_and_undo_their_own(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    (Path(user["FLYWHEEL_DECKS"]) / "second.toml").write_text(SECOND_DECK, encoding="utf-8")
    served = serve()
    first, second = open_tab(served.url), open_tab(served.url)
    # From the home screen (All decks, Test, Basics, Second) each tab reviews a deck of its own.
    for tab, downs, deck in ((first, 2, "Test::Basics"), (second, 3, "Test::Second")):
        tab.wait_for("Flywheel — Decks")
        tab.press(*["ArrowDown"] * downs, "Enter")
        tab.wait_for(f"Review — {deck}")
    for done in range(1, 4):  # both reveal, then both grade in the same instant
        first.press("Space")
        second.press("Space")
        first.wait_for("0 blackout")
        second.wait_for("0 blackout")
        first.press("2")
        second.press("3")
        first.wait_for(f"{done} done")
        second.wait_for(f"{done} done")
    log = review_log(user["FLYWHEEL_DB"])
    assert sorted(log) == sorted(
        [
            ("test/capital#fwd", 2),
            ("test/pair#fwd", 2),
            ("test/cloze#c1", 2),
            ("second/one#fwd", 3),
            ("second/two#fwd", 3),
            ("second/three#fwd", 3),
        ]
    )
    # The drill brings the first tab's card back; its answer is the collection's latest, yet
    # undo in the second tab takes back the second tab's own latest answer.
    first.wait_for("Capital of Korea?")
    first.press("Space")
    first.wait_for("0 blackout")
    first.press("5")
    wait_for(lambda: len(review_log(user["FLYWHEEL_DB"])) == 7, "the drill answer")
    second.press("u")
    second.wait_for("Took back")
    after = review_log(user["FLYWHEEL_DB"])
    assert after == [row for row in log if row != ("second/three#fwd", 3)] + [
        ("test/capital#fwd", 5)
    ]
    doctor = subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", "--db", user["FLYWHEEL_DB"], "doctor"],
        capture_output=True,
        text=True,
        env={**os.environ, **user},
        check=False,
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_ctrl_c_ends_the_server_and_every_tab_process_even_a_hung_one(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    served = serve("--deck=Test::Basics")
    tabs = [open_tab(served.url) for _ in range(2)]
    for tab in tabs:
        tab.wait_for("Capital of Korea?")
    marker = user["FLYWHEEL_DB"]
    apps = [pid for pid in app_processes(marker) if pid != served.process.pid]
    assert len(apps) == 2  # one app process per tab
    os.kill(apps[0], signal.SIGSTOP)  # one app hangs: it cannot answer the request to quit
    assert served.interrupt() == 0
    assert app_processes(marker) == []
    for tab in tabs:
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=10_000)


def test_a_server_killed_outright_leaves_no_tab_process_behind(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    """kill -9 gives the server no chance to end its tabs: their processes must end anyway,
    not live on with the collection open."""
    served = serve("--deck=Test::Basics")
    tab = open_tab(served.url)
    tab.wait_for("Capital of Korea?")
    tab.press("Space")
    tab.wait_for("Seoul")
    tab.press("4")
    tab.wait_for("1 done")
    marker = user["FLYWHEEL_DB"]
    assert [pid for pid in app_processes(marker) if pid != served.process.pid]
    served.process.kill()
    served.process.wait()
    wait_for(lambda: app_processes(marker) == [], "the tab's process to end", timeout=10)
    with sqlite3.connect(marker) as connection:
        assert connection.execute("SELECT card_id, grade FROM review_log").fetchall() == [
            ("test/capital#fwd", 4)
        ]


def test_a_tab_and_a_terminal_answering_together_lose_nothing(
    serve: Callable[..., Served], open_tab: Callable[[str], Tab], user: dict[str, str]
) -> None:
    tab = open_tab(serve("--deck=Test::Basics").url)
    tab.wait_for("Capital of Korea?")
    tab.press("Space")
    tab.wait_for("0 blackout")
    # While the tab shows its answer, a script in a terminal answers the next card.
    script = subprocess.run(
        [sys.executable, "-m", "tui.commands.cli", "answer", "test/pair#fwd", "5"],
        capture_output=True,
        text=True,
        env={**os.environ, **user},
        check=False,
    )
    assert script.returncode == 0, script.stderr
    tab.press("4")
    tab.wait_for("1 done")
    tab.wait_for("Amazon began in")  # the card the script answered is not asked again
    tab.press("u")  # the tab takes back its own answer, not the script's later one
    tab.wait_for("Took back")
    assert review_log(user["FLYWHEEL_DB"]) == [("test/pair#fwd", 5)]

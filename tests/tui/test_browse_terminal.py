"""Browse in a real terminal (tmux) with Korean text, at 80x24 and 60x20: no line runs past the
screen, the due day and the flags stand whole, cloze siblings differ, and a Korean search finds
its card."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

from cards.store.store import Store
from tests.tui.terminal import FLYWHEEL, Terminal

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
TODAY = date(2026, 1, 15)
KOREAN = """name = "한국어::낱말"
[[notes]]
id = "ko/capital"
ko.front = "대한민국의 수도는 어디이며 그 도시는 언제부터 수도였는가?"
ko.back = "서울, 1394년부터"
[[notes]]
id = "ko/flywheel"
ko.front = "아마존의 플라이휠에서 고객 경험 다음에 오는 것은?"
ko.back = "트래픽"
[[notes]]
id = "ko/cloze"
kind = "cloze"
ko.text = "고객에게 집착하는 회사에서는 {{c1::낮은 가격}}이 {{c2::더 많은 고객}}을 부른다."
"""


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_korean_rows_fit_and_a_korean_search_finds_its_card(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "korean.toml").write_text(KOREAN, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('builtin_decks = false\nlanguage = "ko"\n', encoding="utf-8")
    db = tmp_path / "collection.sqlite3"
    with Store.open(db) as store:
        store.sync([decks / "korean.toml"])
        store.answer("ko/capital#fwd", 4, TODAY, datetime(2026, 1, 15, 9, tzinfo=UTC))
        store.set_suspended("ko/capital#fwd", True, TODAY)
        store.bury("ko/flywheel#fwd", TODAY)
    env = {
        "FLYWHEEL_DB": str(db),
        "FLYWHEEL_CONFIG": str(config),
        "FLYWHEEL_DECKS": str(decks),
        "FLYWHEEL_TODAY": TODAY.isoformat(),
        "TERM": "xterm-256color",
        # Textual reads the size from these when set, and pytest's run sets them to 80x24
        "COLUMNS": str(size[0]),
        "LINES": str(size[1]),
    }
    terminal = Terminal(size)
    try:
        terminal.start(str(FLYWHEEL), env)
        terminal.wait_for("Browse")
        terminal.keys("b")
        screen = terminal.wait_for("4 of 4 cards")
        lines = screen.splitlines()
        assert all(cell_len(line) <= size[0] for line in lines)
        capital = next(line for line in lines if "대한민국" in line)
        assert "2026-01-16" in capital
        assert "susp" in capital
        flywheel = next(line for line in lines if "플라이휠" in line)
        assert "buried" in flywheel
        first = next(line for line in lines if "[낮은 가격]" in line)
        second = next(line for line in lines if "[더 많은 고객]" in line)
        assert first != second
        terminal.keys("/")
        time.sleep(1.0)  # the box takes the focus (no mark of it on a plain screen)
        terminal.keys("-l", "플라이휠")
        screen = terminal.wait_for("1 of 4 cards")
        assert "플라이휠" in next(line for line in screen.splitlines() if "buried" in line)
    finally:
        terminal.kill()

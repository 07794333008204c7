"""End to end at 60x20 and 80x24 in a real terminal, English and Korean (two cells a character)
on screen: the home screen's week, the number prompt and the help's grade meanings are whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cards.schedule.sm2 import Grade
from tests.tui.terminal import FLYWHEEL, NEEDS_TMUX, Terminal
from tests.tui.test_narrow_screens import reads_in_order

pytestmark = NEEDS_TMUX


def changed_from(last: str) -> Callable[[str], bool]:
    """A wait for a screen other than `last`."""
    return lambda screen: screen != last


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
def test_home_prompt_and_help_fit_the_terminal(user: dict[str, str], size: tuple[int, int]) -> None:
    terminal = Terminal(size)
    try:
        terminal.start(str(FLYWHEEL), user)
        home = terminal.wait_for("30 days")  # the fixed study day is a Thursday
        assert reads_in_order("Due today Fri Sat Sun Mon Tue Wed 30 days", home), home
        terminal.keys(">")
        prompt = terminal.wait_for("Enter to go")
        question = "Review every deck ahead: cards due within how many days?"
        assert reads_in_order(question, prompt), prompt
        terminal.keys("Escape")
        terminal.wait_for(lambda text: "Enter to go" not in text)
        terminal.keys("r")
        terminal.wait_for("to reveal it")
        terminal.keys("?")
        screens = [terminal.wait_for("Keys: Review")]
        while "Remap in config.toml" not in screens[-1] or "perfect response" not in screens[-1]:
            assert len(screens) < 8, screens
            terminal.keys("PageDown")
            screens.append(terminal.wait_for(changed_from(screens[-1])))
        for grade in Grade:
            assert reads_in_order(grade.description, "".join(screens)), (grade, screens)
        terminal.keys("Escape")
        terminal.wait_for(lambda text: "Keys: Review" not in text)
        terminal.keys("q")
        terminal.wait_for("30 days")
        terminal.keys("q")
        terminal.wait_for("EXIT=0")
    finally:
        terminal.kill()

"""The home screen's forecast reads as a week: each of the next seven days named, its count under
its name, and the month's total and its busiest day in words, at 60 and 80 columns."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from cards.store.store import Store
from tests.tui.conftest import TODAY, build_app, piloted, screen_text


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_week_ahead_names_each_day_above_its_count(
    history_store: Store, world_files: list[Path], size: tuple[int, int]
) -> None:
    app = build_app(history_store, world_files, start="home")
    async with piloted(app, size):
        screen = screen_text(app)
    days = history_store.forecast(TODAY)
    days[0] = due_today(screen)
    names = ["today"] + [f"{TODAY + timedelta(days=offset):%a}" for offset in range(1, 7)]
    lines = screen.splitlines()
    heads = [number for number, line in enumerate(lines) if re.search(r"\s+".join(names), line)]
    assert len(heads) == 1, screen
    head, counts = lines[heads[0]], lines[heads[0] + 1]
    for name, count in zip(names, days[:7], strict=True):
        end = head.index(name) + len(name)  # each count is right-aligned under its day's name
        assert counts[:end].split()[-1] == str(count), (name, head, counts)
    assert "30 days" in head
    assert counts.split()[-1] == str(sum(days))
    peak = max(days)
    busiest = TODAY + timedelta(days=days.index(peak))
    when = "today" if busiest == TODAY else f"{busiest:%a} {busiest.day} {busiest:%b}"
    said = " ".join(screen.split())
    assert f"Busiest day of the next 30: {when}, {peak} cards." in said, screen


def due_today(screen: str) -> int:
    """The header's count of reviews due today ("... (2 new, 4 due, 0 drill)")."""
    found = re.search(r"(\d+) due,", " ".join(screen.split()))
    assert found, screen
    return int(found.group(1))


async def test_today_in_the_week_is_what_the_header_says_is_due(
    history_store: Store, world_files: list[Path]
) -> None:
    """A card due today but held back (its sibling answered today) is not due today in either:
    the week's first count and the header's come from today's queue."""
    app = build_app(history_store, world_files, start="home")
    async with piloted(app, (80, 24)):
        screen = screen_text(app)
    lines = screen.splitlines()
    head = next(number for number, line in enumerate(lines) if re.search(r"Due\s+today", line))
    counts = lines[head + 1]
    end = lines[head].index("today") + len("today")
    assert counts[:end].split()[-1] == str(due_today(screen)), screen

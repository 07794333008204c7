"""The home screen's forecast reads as a week: each of the next seven days named, its count under
its name, and the month's total and its busiest day in words, at 60 and 80 columns."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import pytest

from cards.store.store import Store
from tests.tui.conftest import TODAY, build_app, screen_text, synced


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
def test_the_week_ahead_names_each_day_above_its_count(
    history_store: Store, world_files: list[Path], size: tuple[int, int]
) -> None:
    async def scenario() -> str:
        app = build_app(history_store, world_files, start="home")
        async with app.run_test(size=size) as pilot:
            await synced(pilot)
            return screen_text(app)

    screen = asyncio.run(scenario())
    days = history_store.forecast(TODAY)
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

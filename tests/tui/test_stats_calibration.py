"""The stats screen's calibration chart: each model's forecast against recall, from a worker."""

from __future__ import annotations

from pathlib import Path

from cards.compare.comparison import MIN_REVIEWS, Comparison
from cards.store.store import Store
from tests.tui.conftest import TODAY, build_app, piloted, screen_text, until
from tui.app.screens.stats import StatsScreen
from tui.app.widgets.charts import CalibrationChart


async def opened_stats(
    store: Store, files: list[Path], size: tuple[int, int] = (120, 60)
) -> tuple[CalibrationChart, str]:
    """The calibration chart once drawn, and the screen's text scrolled to the bottom."""

    app = build_app(store, files, start="home")
    async with piloted(app, size) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, StatsScreen)

        def drawn() -> bool:
            """the calibration chart to be drawn"""
            return bool(screen.query("#calibration-chart")) and screen.stats is not None

        await until(pilot, drawn, timeout=60)
        await pilot.press("end")
        await pilot.pause()
        return screen.query_one("#calibration-chart", CalibrationChart), screen_text(app)


async def test_the_chart_has_a_line_for_each_model(
    history_store: Store, world_files: list[Path]
) -> None:
    expected = history_store.compare(TODAY, workload=False)
    assert isinstance(expected, Comparison)  # the same figures as `flywheel compare`
    chart, text = await opened_stats(history_store, world_files)
    assert [name for name, _ in chart.lines] == ["SM-2", "FSRS-6 default", "FSRS-6 fitted"]
    for (_, points), model in zip(chart.lines, expected.models, strict=True):
        assert points == [(forecast, actual) for forecast, actual, _ in model.calibration]
        assert points
    assert "Forecast recall against actual" in text
    assert "FSRS-6 fitted" in text


async def test_too_little_history_says_how_much_is_needed(
    world_store: Store, world_files: list[Path]
) -> None:
    chart, text = await opened_stats(world_store, world_files)
    assert chart.lines == []
    assert (
        chart.message == f"SM-2 against FSRS:\n{MIN_REVIEWS} reviews on later days needed, 0 so far"
    )
    assert "reviews on later days needed" in text


async def test_what_is_needed_is_read_whole_at_60_columns(
    world_store: Store, world_files: list[Path]
) -> None:
    """The message is wider than a 60-column chart: it is cut into lines rather than clipped."""
    _, text = await opened_stats(world_store, world_files, size=(60, 20))
    assert "SM-2 against FSRS" in text, text
    assert f"{MIN_REVIEWS} reviews on later days needed, 0 so far" in text, text


async def test_the_chart_is_titled_at_60_columns(
    history_store: Store, world_files: list[Path]
) -> None:
    """A title wider than the chart is dropped whole, so it is kept within a 60-column one."""
    _, text = await opened_stats(history_store, world_files, size=(60, 20))
    assert "Forecast recall against actual" in text, text

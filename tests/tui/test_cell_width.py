"""Widths and clipping in terminal cells agree with Rich's measure, which the screens draw with."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.text import ELLIPSIS, clip, width

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined from three
HANGUL_PARTS = "\u1100\u1161\u11a8"  # 각, written as its three jamo
SMILE = "\u263a\ufe0f"  # a text symbol asked to show as an emoji


@pytest.mark.parametrize(
    ("text", "cells"),
    [("abc", 3), ("한국", 4), ("e\u0301", 1), (FAMILY, 2), (HANGUL_PARTS, 2), (SMILE, 2)],
)
def test_width_is_the_cells_rich_draws(text: str, cells: int) -> None:
    assert width(text) == cell_len(text) == cells


@pytest.mark.parametrize(
    "text", [f"{HANGUL_PARTS * 6} end", f"{FAMILY} family {FAMILY} x", "한국어 문장"]
)
@pytest.mark.parametrize("cells", range(1, 12))
def test_a_clipped_line_fits_where_it_is_drawn(text: str, cells: int) -> None:
    clipped = clip(text, cells)
    assert cell_len(clipped) <= cells
    assert clipped == text or clipped.endswith(ELLIPSIS)


def test_a_line_that_fits_is_left_alone_and_no_room_gives_nothing() -> None:
    assert clip(f"{HANGUL_PARTS} ok", 5) == f"{HANGUL_PARTS} ok"
    assert clip("한국", 0) == ""
    assert clip("한국어", 4) == "한" + ELLIPSIS

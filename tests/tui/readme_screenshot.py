"""Regenerate docs/review.svg, the README's picture: `uv run python -m tests.tui.readme_screenshot`.

A fresh collection of the built-in decks on the fixed study day, reviewing the Flywheel deck:
its first card (basic, English and Korean, with an extra and a source) is shown revealed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from cards.decks.vocabulary import NoteKind
from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.tui.conftest import build_app, seed_files, synced
from tui.app.screens.review import ReviewScreen

OUT = Path(__file__).resolve().parents[2] / "docs" / "review.svg"
SIZE = (100, 30)


def wanted(store: Store, card_id: str) -> bool:
    card = store.card(card_id)
    if card is None or card.kind is not NoteKind.BASIC or card.citation is None:
        return False
    return all(card.front(lang) and card.extra(lang) for lang in ("en", "ko"))


async def shoot(store: Store) -> str:
    app = build_app(store, seed_files(), deck="Amazon::Flywheel")
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while (item := screen.session.current) is not None and not wanted(store, item.card_id):
            await pilot.press("space", "4")
        await pilot.press("space")
        await pilot.pause()
        return app.export_screenshot(title="flywheel review")


def main() -> int:
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "readme.sqlite3", Limits(new_per_day=40)) as store,
    ):
        svg = asyncio.run(shoot(store))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(svg, encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())

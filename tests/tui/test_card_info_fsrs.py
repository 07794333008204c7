"""Card info (`i`) beside SM-2's schedule: FSRS's stability, difficulty and recall today."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview
from textual.widgets import Static

from cards.compare.events import rating, read_history
from cards.compare.fitting import MIN_FIT_REVIEWS
from cards.compare.memory import fitted_parameters
from cards.queue import Limits
from cards.store import Store
from tests.simulated_learner import Learner, answer_days, deck_text
from tests.tui.conftest import TODAY, build_app, synced, until
from tui.screens.card_info import CardInfoScreen

CARD = "words/n0002#fwd"


def fsrs_line(store: Store, files: list[Path], card_id: str) -> str:
    """The FSRS line of card info once its worker has reported."""

    async def scenario() -> str:
        app = build_app(store, files, start="home")
        async with app.run_test(size=(120, 40)) as pilot:
            await synced(pilot)
            await app.push_screen(CardInfoScreen(app.services, card_id))
            line = app.screen.query_one("#info-fsrs", Static)

            def reported() -> bool:
                """the FSRS line's worker to report"""
                return "fitting" not in str(line.render())

            await until(pilot, reported, timeout=60)
            return str(line.render())

    return asyncio.run(scenario())


def test_card_info_shows_fsrs_memory_under_the_fitted_parameters(tmp_path: Path) -> None:
    deck = tmp_path / "sim.toml"
    deck.write_text(deck_text(60), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=8)) as store:
        store.sync([deck])
        answer_days(store, Learner(), start=TODAY - timedelta(days=60), days=60)
        line = fsrs_line(store, [deck], CARD)
        parameters = fitted_parameters(store.connection)
        assert isinstance(parameters, list)
        history = read_history(store.connection, card_ids=[CARD])
    # fsrs-rs's own replay of the card's answers, as the independent check of py-fsrs's.
    answers = history.answers[0]
    days = [answer.day for answer in answers]
    item = FSRSItem(
        [
            FSRSReview(rating(answer.grade), day - previous)
            for answer, day, previous in zip(answers, days, days[:1] + days[:-1], strict=True)
        ]
    )
    state = FSRS(parameters).memory_state(item)
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = TODAY.toordinal() - history.answers[0][-1].day
    recall = (1 + factor * elapsed / state.stability) ** decay
    assert line == (
        f"FSRS (fitted to your history): stability {state.stability:.1f} d   "
        f"difficulty {state.difficulty:.1f}   recall today {recall:.0%}"
    )


def test_card_info_says_how_many_reviews_fsrs_needs(tmp_path: Path) -> None:
    deck = tmp_path / "sim.toml"
    deck.write_text(deck_text(3), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=3)) as store:
        store.sync([deck])
        answer_days(store, Learner(), start=TODAY - timedelta(days=5), days=5)
        reviews = len(read_history(store.connection).reviews)
        line = fsrs_line(store, [deck], CARD)
    assert 0 < reviews < MIN_FIT_REVIEWS
    assert line == (
        f"FSRS: fitted after {MIN_FIT_REVIEWS} reviews on later days; {reviews} so far "
        "(the schedule is SM-2's)"
    )

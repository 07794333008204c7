"""Card info (`i`) beside SM-2's schedule: FSRS's stability, difficulty and recall today."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview
from textual.widgets import Static

from cards.compare.events import rating, read_history
from cards.compare.fitting import MIN_FIT_REVIEWS
from cards.compare.memory import CardMemory, Fitted, fitted_parameters
from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.simulated_learner import Learner, answer_days, deck_text
from tests.sql import sql
from tests.tui.conftest import TODAY, build_app, piloted, until
from tui.app.screens.card_info import CardInfoScreen, memory_line

CARD = "words/n0002#fwd"


async def fsrs_line(store: Store, files: list[Path], card_id: str) -> str:
    """The FSRS line of card info once its worker has reported."""

    app = build_app(store, files, start="home")
    async with piloted(app, size=(120, 40)) as pilot:
        await app.push_screen(CardInfoScreen(app.services, card_id))
        line = app.screen.query_one("#info-fsrs", Static)

        def reported() -> bool:
            """the FSRS line's worker to report"""
            return "fitting" not in str(line.render())

        await until(pilot, reported, timeout=60)
        return str(line.render())


async def test_card_info_shows_fsrs_memory_under_the_fitted_parameters(tmp_path: Path) -> None:
    deck = tmp_path / "sim.toml"
    deck.write_text(deck_text(60), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=8)) as store:
        store.sync([deck])
        answer_days(store, Learner(), start=TODAY - timedelta(days=60), days=60)
        line = await fsrs_line(store, [deck], CARD)
        with sql(store) as db:
            fitted = fitted_parameters(db)
            history = read_history(db, card_ids=[CARD])
        assert isinstance(fitted, Fitted)
        assert fitted.fully
        parameters = fitted.parameters
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


async def test_card_info_says_how_many_reviews_fsrs_needs(tmp_path: Path) -> None:
    deck = tmp_path / "sim.toml"
    deck.write_text(deck_text(3), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=3)) as store:
        store.sync([deck])
        answer_days(store, Learner(), start=TODAY - timedelta(days=5), days=5)
        with sql(store) as db:
            reviews = len(read_history(db).reviews)
        line = await fsrs_line(store, [deck], CARD)
    assert 0 < reviews < MIN_FIT_REVIEWS
    assert line == (
        f"FSRS: fitted after {MIN_FIT_REVIEWS} reviews on later days; {reviews} so far "
        "(the schedule is SM-2's)"
    )


async def test_card_info_says_when_only_the_first_stabilities_were_fitted(tmp_path: Path) -> None:
    """150 cards learned one day and reviewed the next: enough reviews to fit on, none of a
    card reviewed twice on later days, so the rest of the parameters are the defaults."""
    deck = tmp_path / "wide.toml"
    deck.write_text(deck_text(150, "Wide"), encoding="utf-8")
    with Store.open(tmp_path / "c.db", Limits(new_per_day=150, reviews_per_day=400)) as store:
        store.sync([deck])
        answer_days(store, Learner(), start=TODAY - timedelta(days=2), days=2)
        with sql(store) as db:
            fitted = fitted_parameters(db)
            card = read_history(db).card_ids[0]
        line = await fsrs_line(store, [deck], card)
    assert isinstance(fitted, Fitted)
    assert not fitted.fully
    assert line.startswith("FSRS (first-day stabilities fitted, the rest defaults): stability ")
    assert "fitted to your history" not in line


def test_a_small_stability_is_shown_in_hours_or_minutes_never_as_zero_days() -> None:
    shown = {
        stability: memory_line(CardMemory(stability, 5.0, 0.5)).split("   ")[0]
        for stability in (12.34, 0.1, 0.05, 0.004, 0.0004)
    }
    assert shown == {
        12.34: "FSRS (fitted to your history): stability 12.3 d",
        0.1: "FSRS (fitted to your history): stability 0.1 d",
        0.05: "FSRS (fitted to your history): stability 1.2 h",
        0.004: "FSRS (fitted to your history): stability 6 min",
        0.0004: "FSRS (fitted to your history): stability < 1 min",
    }

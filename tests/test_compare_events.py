"""What the comparison replays and scores: study days, the drill, and answers from Anki."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fsrs.scheduler import DEFAULT_PARAMETERS

from cards.anki.import_schedule import ImportedCard
from cards.compare.cache import LastResult
from cards.compare.events import rating, read_history
from cards.compare.predictions import fsrs_scheduler
from cards.compare.workload import interval_days
from cards.schedule.card_schedules import AnkiAnswer
from cards.schedule.sm2 import MAX_INTERVAL, SM2State
from cards.schedule.study_day import study_day
from cards.store.store import Store
from tests.sql import sql
from tests.test_layering import loaded_after

CARD = "test/capital#fwd"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def answer(store: Store, moment: datetime, grade: int) -> None:
    store.answer(CARD, grade, study_day(moment), moment)


def test_elapsed_counts_study_days_and_only_a_days_first_answer_is_scored(store: Store) -> None:
    first = date(2026, 1, 10)
    answer(store, at(first, 23), 2)  # new card, failed: the drill follows
    answer(store, at(first + timedelta(days=1), 3, 30), 4)  # 03:30: still the same study day
    answer(store, at(first + timedelta(days=1), 5), 4)  # 6 hours after the first: next day
    answer(store, at(first + timedelta(days=2), 9), 2)  # failed: the drill follows
    answer(store, at(first + timedelta(days=2), 9, 5), 4)  # drill: state only, not scored
    with sql(store) as db:
        history = read_history(db)
    assert history.card_ids == [CARD]
    grades = [a.grade for a in history.answers[0]]
    assert grades == [2, 4, 4, 2, 4]
    assert [a.drill for a in history.answers[0]] == [False, True, False, False, True]
    scored = [(r.position, r.elapsed, r.recalled) for r in history.reviews]
    assert scored == [(2, 1, True), (3, 1, False)]


def test_ratings_follow_the_anki_export() -> None:
    assert [rating(grade) for grade in range(6)] == [1, 1, 1, 2, 3, 4]


def test_answers_imported_from_anki_count_before_flywheels_own(store: Store) -> None:
    made: list[AnkiAnswer] = []

    def anki(day: date, button: int, interval: int, last: int, kind: int) -> AnkiAnswer:
        moment = at(day, 12, len(made))  # Anki's log is keyed by the millisecond
        at_ms = int(moment.timestamp() * 1000)
        made.append(AnkiAnswer(at_ms, button, interval, last, 2500, 0, kind))
        return made[-1]

    start = date(2025, 12, 1)
    answers = [
        anki(start, 3, -600, 0, 0),  # learning step, minutes
        anki(start, 3, 3, -600, 0),  # same day: graduates
        anki(start + timedelta(days=3), 1, -600, 3, 1),  # review failed after 3 days
        anki(start + timedelta(days=3), 0, 5, 5, 4),  # manual reschedule: not an answer
        anki(start + timedelta(days=4), 4, 8, -600, 2),  # relearned the next day
    ]
    state = SM2State(1, 250, 8, start + timedelta(days=12))
    imported = ImportedCard(CARD, state, 4, 1, False, anki_id=1)
    store.import_schedules([imported], 4, [(1, answer) for answer in answers])
    answer(store, at(start + timedelta(days=12), 12), 5)
    with sql(store) as db:
        history = read_history(db)
    assert [a.grade for a in history.answers[0]] == [4, 4, 1, 5, 5]
    assert [a.interval for a in history.answers[0]] == [1, 1, 3, 1, 8]
    assert [(r.position, r.elapsed) for r in history.reviews] == [(2, 3), (3, 1), (4, 8)]


def test_fsrs_intervals_stay_finite_whatever_recall_sm2_achieved() -> None:
    scheduler = fsrs_scheduler(DEFAULT_PARAMETERS)
    assert interval_days(scheduler, 10.0, 0.9) == 10  # FSRS's stability: 90% recall after it
    assert interval_days(scheduler, 10.0, 1.0) == interval_days(scheduler, 10.0, 0.99) >= 1
    assert interval_days(scheduler, 10.0, 0.0) == interval_days(scheduler, 10.0, 0.5) > 10
    assert interval_days(scheduler, 1e9, 0.5) == MAX_INTERVAL


def test_kept_results_are_recomputed_once_an_answer_is_undone_and_given_again(
    store: Store,
) -> None:
    day = date(2026, 1, 10)
    answer(store, at(day, 9), 4)
    answer(store, at(day + timedelta(days=1), 9), 4)
    kept: LastResult[int] = LastResult()
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    with sql(store) as db:
        assert kept.get(db, compute) == 1
        assert kept.get(db, compute) == 1  # the log is unchanged: kept
        store.undo()
        answer(store, at(day + timedelta(days=1), 9), 5)  # the same row id, another grade
        assert kept.get(db, compute) == 2


def test_the_models_load_only_when_a_comparison_is_asked_for() -> None:
    """The parser, the queue and the screens that show FSRS load neither py-fsrs nor fsrs-rs."""
    setup = (
        "import tui.commands.parser, tui.app.screens.stats, tui.app.screens.card_info\n"
        "import cards.store.store\n"
        "tui.commands.parser.build_parser()"
    )
    assert loaded_after(setup, ("fsrs", "fsrs_rs_python")) == []

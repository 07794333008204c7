"""SM-2 must match the published algorithm to the day, so the tests use hand-worked literals."""

from __future__ import annotations

from datetime import date, timedelta
from functools import reduce

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.schedule.sm2 import (
    DRILL_PASS_GRADE,
    INITIAL_EASINESS,
    MIN_EASINESS,
    MIN_EASINESS_PCT,
    PASSING_GRADE,
    Grade,
    SM2State,
    needs_drill,
    replay,
    review,
)

DAY = date(2024, 1, 1)

grades = st.integers(min_value=0, max_value=5)
failing = st.integers(min_value=0, max_value=PASSING_GRADE - 1)
passing = st.integers(min_value=PASSING_GRADE, max_value=5)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
logs = st.lists(st.tuples(grades, days), max_size=30)


def steps(grade_sequence: list[int]) -> list[tuple[int, int, int]]:
    """(repetitions, easiness in hundredths, interval) after each review, all on DAY."""
    states: list[SM2State] = []
    state = SM2State()
    for grade in grade_sequence:
        state = review(state, grade, DAY)
        states.append(state)
    return [(s.repetitions, s.easiness_pct, s.interval) for s in states]


@pytest.mark.parametrize(
    ("grade_sequence", "expected"),
    [
        pytest.param(
            [5, 5, 5, 5, 5],
            # 6 x 2.7 = 16.2 -> 17; 17 x 2.8 = 47.6 -> 48; 48 x 2.9 = 139.2 -> 140
            [(1, 260, 1), (2, 270, 6), (3, 280, 17), (4, 290, 48), (5, 300, 140)],
            id="all-perfect",
        ),
        pytest.param(
            [4, 4, 4, 4],
            # easiness stays 2.5: 6 x 2.5 = 15; 15 x 2.5 = 37.5 -> 38
            [(1, 250, 1), (2, 250, 6), (3, 250, 15), (4, 250, 38)],
            id="all-good",
        ),
        pytest.param(
            [2, 1, 3, 4, 4, 4],
            # 2.5 -0.32 -0.54 -0.14 = 1.50 exactly; 6 x 1.5 = 9 (a float would say 10);
            # 9 x 1.5 = 13.5 -> 14
            [(0, 218, 1), (0, 164, 1), (1, 150, 1), (2, 150, 6), (3, 150, 9), (4, 150, 14)],
            id="six-times-one-and-a-half",
        ),
        pytest.param(
            [0, 0, 5, 5, 4, 3, 1, 4, 4, 4, 5],
            # the floor 1.3 holds (2.5 -0.8 -0.8 -> 1.3; later 1.36 -0.54 -> 1.3);
            # a lapse restarts at 1 and 6 days; 6 x 1.3 = 7.8 -> 8; 8 x 1.3 = 10.4 -> 11
            [
                (0, 170, 1),
                (0, 130, 1),
                (1, 140, 1),
                (2, 150, 6),
                (3, 150, 9),
                (4, 136, 14),
                (0, 130, 1),
                (1, 130, 1),
                (2, 130, 6),
                (3, 130, 8),
                (4, 140, 11),
            ],
            id="floor-and-lapse",
        ),
        pytest.param(
            [3, 3, 3, 3],
            # 2.5 -> 2.36 -> 2.22 -> 2.08 -> 1.94; 6 x 2.22 = 13.32 -> 14; 14 x 2.08 = 29.12 -> 30
            [(1, 236, 1), (2, 222, 6), (3, 208, 14), (4, 194, 30)],
            id="all-hard",
        ),
    ],
)
def test_golden_sequences(grade_sequence: list[int], expected: list[tuple[int, int, int]]) -> None:
    assert steps(grade_sequence) == expected


@pytest.mark.parametrize(
    ("interval", "easiness_pct", "expected"),
    [
        (6, 150, 9),
        (3, 250, 8),
        (7, 143, 11),
        # 25 x 2.2 is 55.00000000000001 in floats, 50 x 2.18 is 109.00000000000001: one day off
        (25, 220, 55),
        (50, 218, 109),
        (75, 136, 102),
    ],
)
def test_interval_ceil_is_exact(interval: int, easiness_pct: int, expected: int) -> None:
    state = SM2State(repetitions=2, easiness_pct=easiness_pct, interval=interval)
    assert review(state, Grade.GOOD, DAY).interval == expected


@pytest.mark.parametrize(
    ("grade", "delta_pct"),
    [(5, 10), (4, 0), (3, -14), (2, -32), (1, -54), (0, -80)],
)
def test_easiness_delta_per_grade(grade: int, delta_pct: int) -> None:
    state = SM2State(easiness_pct=250)
    assert review(state, grade, DAY).easiness_pct - 250 == delta_pct


def test_easiness_is_never_below_the_floor() -> None:
    state = SM2State(easiness_pct=140)
    assert review(state, Grade.BLACKOUT, DAY).easiness_pct == MIN_EASINESS_PCT


def test_easiness_property_is_for_display() -> None:
    assert SM2State().easiness == INITIAL_EASINESS == 2.5
    assert SM2State(easiness_pct=MIN_EASINESS_PCT).easiness == MIN_EASINESS == 1.3
    assert SM2State(easiness_pct=236).easiness == 2.36


def test_first_review_sets_due() -> None:
    state = review(SM2State(), Grade.PERFECT, date(2024, 2, 28))
    assert state == SM2State(repetitions=1, easiness_pct=260, interval=1, due=date(2024, 2, 29))


@pytest.mark.parametrize("grade", [-1, 6, True, False, 4.0, "4", None])
def test_review_rejects_bad_grades(grade: object) -> None:
    with pytest.raises(ValueError, match="grade must be a whole number from 0 to 5"):
        review(SM2State(), grade, DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("grade", [-1, 6, True])
def test_needs_drill_rejects_bad_grades(grade: int) -> None:
    with pytest.raises(ValueError, match="grade must be a whole number"):
        needs_drill(grade)


def test_replay_rejects_a_bad_grade_in_the_log() -> None:
    with pytest.raises(ValueError, match="got 7"):
        replay([(5, DAY), (7, DAY)])


@pytest.mark.parametrize(
    ("grade", "expected"), [(0, True), (1, True), (2, True), (3, True), (4, False), (5, False)]
)
def test_needs_drill(grade: int, expected: bool) -> None:
    assert needs_drill(grade) is expected


def test_constants() -> None:
    assert (PASSING_GRADE, DRILL_PASS_GRADE) == (3, 4)
    assert (INITIAL_EASINESS, MIN_EASINESS, MIN_EASINESS_PCT) == (2.5, 1.3, 130)


def test_grades_and_labels() -> None:
    assert [int(g) for g in Grade] == [0, 1, 2, 3, 4, 5]
    assert Grade.BLACKOUT.label == "0 blackout"
    assert Grade.GOOD.label == "4 good"
    assert Grade.PERFECT.label == "5 perfect"
    assert [g.label.split()[0] for g in Grade] == ["0", "1", "2", "3", "4", "5"]
    assert len({g.label for g in Grade}) == 6
    assert all(g.description for g in Grade)


def test_replay_of_an_empty_log_is_a_new_card() -> None:
    assert replay([]) == SM2State(repetitions=0, easiness_pct=250, interval=0, due=None)


def test_replay_uses_the_day_of_each_review() -> None:
    log = [(5, date(2024, 1, 1)), (5, date(2024, 1, 2)), (4, date(2024, 1, 9))]
    assert replay(log) == SM2State(
        repetitions=3, easiness_pct=270, interval=17, due=date(2024, 1, 26)
    )


@given(logs)
def test_easiness_never_below_floor(log: list[tuple[int, date]]) -> None:
    state = SM2State()
    for grade, day in log:
        state = review(state, grade, day)
        assert state.easiness_pct >= MIN_EASINESS_PCT
        assert state.easiness >= MIN_EASINESS


@given(logs, failing, days)
def test_failure_restarts(log: list[tuple[int, date]], grade: int, day: date) -> None:
    state = review(replay(log), grade, day)
    assert (state.repetitions, state.interval) == (0, 1)


@given(logs, passing, days)
def test_success_counts_one_more(log: list[tuple[int, date]], grade: int, day: date) -> None:
    before = replay(log)
    assert review(before, grade, day).repetitions == before.repetitions + 1


@given(logs, passing, days)
def test_interval_never_shrinks_after_first_success(
    log: list[tuple[int, date]], grade: int, day: date
) -> None:
    before = replay(log)
    after = review(before, grade, day)
    if before.repetitions >= 1:
        assert after.interval >= before.interval
    else:
        assert after.interval == 1


@given(logs, grades, days)
def test_due_is_today_plus_interval(log: list[tuple[int, date]], grade: int, day: date) -> None:
    state = review(replay(log), grade, day)
    assert state.due == day + timedelta(days=state.interval)


@given(logs)
def test_replay_equals_folding_review(log: list[tuple[int, date]]) -> None:
    folded = reduce(lambda state, entry: review(state, *entry), log, SM2State())
    assert replay(log) == folded
    assert replay(iter(log)) == folded


@given(grades, days)
def test_grade_enum_and_int_agree(grade: int, day: date) -> None:
    state = SM2State(repetitions=3, easiness_pct=190, interval=20)
    assert review(state, Grade(grade), day) == review(state, grade, day)

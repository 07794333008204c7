"""Synthetic collections for the benchmarks: bilingual deck files of realistic length, and a
review history written straight into SQLite (each state computed by SM-2, so doctor agrees)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cards.decks.folders import deck_paths
from cards.schedule import sm2
from cards.schedule.answering import is_lapse

TODAY = date(2026, 1, 15)
FILES = 10
LOG_ROWS_PER_NOTE = 10
NEW_SHARE = 0.1  # notes never reviewed
DUE_TODAY = 150  # reviews due today, about

EN_TEXT = (
    "Amazon customer flywheel growth price selection delivery trust service market retail "
    "cloud platform review book author chapter company strategy investment logistics data "
    "subscription member device voice assistant store decision machine learning network "
    "value experience long term thinking cost scale seller warehouse speed innovation"
)
KO_TEXT = (
    "아마존 고객 플라이휠 성장 가격 선택 배송 신뢰 서비스 시장 소매 클라우드 플랫폼 서평 책 "
    "저자 장 회사 전략 투자 물류 데이터 구독 회원 기기 음성 비서 매장 결정 기계 학습 망 "
    "가치 경험 장기 사고 비용 규모 판매자 창고 속도 혁신 집착"
)
EN_WORDS, KO_WORDS = EN_TEXT.split(), KO_TEXT.split()
# English fronts ~100 characters, backs ~70, cloze ~160; Korean about half (as in seeds/*.toml).
SHAPE = {
    "en": {"front": (60, 130), "back": (20, 110), "text": 160, "extra": (50, 120)},
    "ko": {"front": (25, 60), "back": (10, 45), "text": 85, "extra": (20, 50)},
}

# ------------------------------------------------------------------------------------ building


def sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    picked: list[str] = []
    target = rng.randint(low, high)
    length = 0
    while length < target:
        word = rng.choice(words)
        picked.append(word)
        length += len(word) + 1
    return " ".join(picked)


def cloze_text(rng: random.Random, words: list[str], gaps: int, length: int) -> str:
    stretch = max(8, (length - 12 * gaps) // (gaps + 1))
    parts = [sentence(rng, words, stretch // 2, stretch)]
    for number in range(1, gaps + 1):
        parts.append(f"{{{{c{number}::{sentence(rng, words, 4, 16)}}}}}")
        parts.append(sentence(rng, words, stretch // 2, stretch))
    return " ".join(parts)


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def note_toml(rng: random.Random, note_id: str, marker: str = "") -> str:
    roll = rng.random()
    kind = "basic" if roll < 0.4 else "reverse" if roll < 0.5 else "cloze"
    gaps = rng.choice((1, 1, 2, 2, 3))
    languages = rng.choices([("en", "ko"), ("en",), ("ko",)], weights=(18, 1, 1))[0]
    tags = rng.sample(["book", "history", "figures", "faang", "strategy"], 2)
    lines = [
        "[[notes]]",
        f'id = "{note_id}"',
        f'kind = "{kind}"',
        f"tags = [{', '.join(toml_str(tag) for tag in tags)}]",
    ]
    for lang in languages:
        words = EN_WORDS if lang == "en" else KO_WORDS
        shape: dict[str, Any] = SHAPE[lang]
        if kind == "cloze":
            lines.append(
                f"{lang}.text = {toml_str(marker + cloze_text(rng, words, gaps, shape['text']))}"
            )
        else:
            lines.append(
                f"{lang}.front = {toml_str(marker + sentence(rng, words, *shape['front']) + '?')}"
            )
            lines.append(f"{lang}.back = {toml_str(sentence(rng, words, *shape['back']))}")
        if rng.random() < 0.12:
            lines.append(f"{lang}.extra = {toml_str(sentence(rng, words, *shape['extra']))}")
    return "\n".join(lines) + "\n"


def deck_text(index: int, count: int, first: int, seed: int, marker: str = "") -> str:
    rng = random.Random(seed * 1000 + index)
    parts = [
        f'name = "Bench::Deck {index:02d}"\n'
        f'description = "Synthetic notes for the scale benchmark, file {index}."\n'
    ]
    for number in range(first, first + count):
        parts.append(note_toml(rng, f"bench/d{index}/n{number}", marker if number == first else ""))
    return "\n".join(parts)


def write_decks(folder: Path, notes: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    per_file = notes // FILES
    for index in range(FILES):
        count = per_file + (notes % FILES if index == FILES - 1 else 0)
        text = deck_text(index, count, index * per_file, seed=notes)
        (folder / f"deck{index:02d}.toml").write_text(text, encoding="utf-8")
    return deck_paths([folder])


def history(
    rng: random.Random, reviews: int, due_share: float
) -> tuple[list[tuple[Any, ...]], sm2.SM2State, int]:
    """SM-2 answers (log columns), the final state and the lapses; due today at `due_share`."""
    grades = [rng.choices((1, 2, 3, 4, 5), weights=(4, 4, 20, 45, 27))[0] for _ in range(reviews)]
    grades[-2:] = [rng.choice((3, 4, 5)) for _ in grades[-2:]]  # settled: interval of days
    state = sm2.SM2State()
    day = date(2000, 1, 1)
    steps: list[tuple[date, int, sm2.SM2State, sm2.SM2State]] = []
    for grade in grades:
        after = sm2.review(state, grade, day)
        steps.append((day, grade, state, after))
        state = after
        assert after.due is not None
        day = after.due
    assert state.due is not None
    # Shift the whole history so the card is due up to 20 days ago (overdue) or later but within
    # its interval, so the last answer is always before TODAY.
    due_today = rng.random() < due_share or state.interval < 2
    ahead = rng.randint(-20, 0) if due_today else rng.randint(1, state.interval - 1)
    shift = (TODAY + timedelta(days=ahead)) - state.due
    last = steps[-1][0] + shift
    if last >= TODAY:
        shift -= last - TODAY + timedelta(days=1)
    rows = []
    for number, (day, grade, before, after) in enumerate(steps):
        moved = day + shift
        rows.append(
            (
                f"{moved.isoformat()}T09:30:00.000+00:00",
                moved.isoformat(),
                grade,
                0,
                number == 0,
                *columns(before, shift),
                *columns(after, shift),
                0,
            )
        )
    final = sm2.SM2State(state.repetitions, state.easiness_pct, state.interval, state.due + shift)
    return rows, final, sum(is_lapse(before, grade) for _, grade, before, _ in steps)


def columns(state: sm2.SM2State, shift: timedelta) -> tuple[int, int, int, str | None]:
    due = (state.due + shift).isoformat() if state.due else None
    return state.repetitions, state.easiness_pct, state.interval, due


def add_history(db: Path, seed: int) -> int:
    """About LOG_ROWS_PER_NOTE answers a reviewed note, written in one transaction."""
    rng = random.Random(seed)
    connection = sqlite3.connect(db, isolation_level=None)
    cards: dict[str, list[str]] = {}
    for card_id, note_id in connection.execute("SELECT id, note_id FROM card ORDER BY rowid"):
        cards.setdefault(note_id, []).append(card_id)
    log_rows: list[tuple[Any, ...]] = []
    card_rows: list[tuple[Any, ...]] = []
    reviewed = [card_ids for card_ids in cards.values() if rng.random() >= NEW_SHARE]
    # About DUE_TODAY cards due today at every size: under the daily review limit (200), so the
    # queue also reaches the new cards, as on a typical day.
    due_share = min(0.5, DUE_TODAY / max(1, sum(len(card_ids) for card_ids in reviewed)))
    for card_ids in reviewed:
        per_card = max(1, LOG_ROWS_PER_NOTE // len(card_ids))
        for card_id in card_ids:
            rows, final, lapses = history(rng, per_card, due_share)
            log_rows.extend((card_id, *row) for row in rows)
            due = final.due.isoformat() if final.due else None
            card_rows.append(
                (
                    final.repetitions,
                    final.easiness_pct,
                    final.interval,
                    due,
                    len(rows),
                    lapses,
                    card_id,
                )
            )
    connection.execute("BEGIN")
    connection.executemany(
        "UPDATE card SET repetitions = ?, easiness_pct = ?, interval = ?, due = ?, reviews = ?, "
        "lapses = ? WHERE id = ?",
        card_rows,
    )
    connection.executemany(
        "INSERT INTO review_log (card_id, answered_at, day, grade, drill, was_new, "
        "repetitions_before, easiness_before, interval_before, due_before, "
        "repetitions_after, easiness_after, interval_after, due_after, made_leech) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log_rows,
    )
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return len(log_rows)


def copy_db(source: Path, target: Path) -> Path:
    """A copy of the collection, flushed to disk as a collection in daily use is (left unflushed,
    the first checkpoint after it pays for writing out the whole file)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    with target.open("rb") as copied:
        os.fsync(copied.fileno())
    return target

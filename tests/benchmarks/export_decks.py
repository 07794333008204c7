"""Synthetic decks for the export benchmarks: notes of realistic length with Markdown sprinkled in,
in both languages, built as models without deck files."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from cards.decks.models import Deck

EN_WORDS = [
    "Amazon",
    "customer",
    "flywheel",
    "growth",
    "price",
    "selection",
    "delivery",
    "trust",
    "service",
    "market",
    "retail",
    "cloud",
    "platform",
    "review",
    "book",
    "author",
    "chapter",
    "company",
    "strategy",
    "investment",
    "logistics",
    "data",
    "subscription",
    "member",
    "device",
    "voice",
    "assistant",
    "store",
    "decision",
    "machine",
    "learning",
    "network",
    "value",
    "experience",
    "long",
    "term",
    "thinking",
    "cost",
    "scale",
    "seller",
    "warehouse",
    "speed",
    "innovation",
]
KO_WORDS = [
    "아마존",
    "고객",
    "플라이휠",
    "성장",
    "가격",
    "선택",
    "배송",
    "신뢰",
    "서비스",
    "시장",
    "소매",
    "클라우드",
    "플랫폼",
    "서평",
    "책",
    "저자",
    "장",
    "회사",
    "전략",
    "투자",
    "물류",
    "데이터",
    "구독",
    "회원",
    "기기",
    "음성",
    "비서",
    "매장",
    "결정",
    "기계",
    "학습",
    "망",
    "가치",
    "경험",
    "장기",
    "사고",
    "비용",
    "규모",
    "판매자",
    "창고",
    "속도",
    "혁신",
    "집착",
]


def sentence(rng: random.Random, words: list[str], low: int, high: int, markup: float) -> str:
    """Words up to a length in characters; with probability `markup`, one is in *emphasis*."""
    picked: list[str] = []
    target = rng.randint(low, high)
    while sum(len(word) + 1 for word in picked) < target:
        picked.append(rng.choice(words))
    if rng.random() < markup:
        index = rng.randrange(len(picked))
        picked[index] = f"*{picked[index]}*"
    return " ".join(picked)


def cloze_text(rng: random.Random, words: list[str], gaps: int, length: int, markup: float) -> str:
    """About `length` characters with `gaps` deletions; emphasis in at most one stretch."""
    stretch = max(8, (length - 12 * gaps) // (gaps + 1))
    emphasised = rng.randrange(gaps + 1) if rng.random() < markup else -1
    parts = [sentence(rng, words, stretch // 2, stretch, float(emphasised == 0))]
    for number in range(1, gaps + 1):
        parts.append(f"{{{{c{number}::{sentence(rng, words, 4, 16, 0.0)}}}}}")
        parts.append(sentence(rng, words, stretch // 2, stretch, float(emphasised == number)))
    return " ".join(parts)


# Shaped like the shipped decks (seeds/*.toml): 35% basic, 5% reverse, 60% cloze; English
# fronts ~100 characters, backs ~70, cloze text ~160, Korean about half as long; an extra on
# 12% of notes; Markdown emphasis in 15% of English fields and 2% of Korean ones (the seeds
# have it in 7% of all fields). `--markup` scales those shares for a stress run.
@dataclass(frozen=True)
class Shape:
    front: tuple[int, int]
    back: tuple[int, int]
    text: int
    extra: tuple[int, int]
    markup: float


SHAPE = {
    "en": Shape(front=(60, 130), back=(20, 110), text=160, extra=(50, 120), markup=0.15),
    "ko": Shape(front=(25, 60), back=(10, 45), text=85, extra=(20, 50), markup=0.02),
}


def synthetic_decks(count: int, markup_scale: float = 1.0, seed: int = 20240601) -> list[Deck]:
    """`count` notes in 10 decks, 90% of them in both languages."""
    rng = random.Random(seed)
    decks = []
    per_deck = count // 10
    for d in range(10):
        notes: list[dict[str, Any]] = []
        for n in range(per_deck):
            roll = rng.random()
            kind = "basic" if roll < 0.35 else "reverse" if roll < 0.4 else "cloze"
            gaps = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
            languages = rng.choices([("en", "ko"), ("en",), ("ko",)], weights=(18, 1, 1))[0]
            has_extra = rng.random() < 0.12
            note: dict[str, Any] = {
                "id": f"bench/deck-{d}/note-{n}",
                "kind": kind,
                "tags": rng.sample(["book", "history", "figures", "faang", "strategy"], 2),
                "source": {"file": f"{d:03d}_bench.txt", "lines": f"{n + 1}"},
            }
            for lang in languages:
                words, shape = (EN_WORDS, SHAPE["en"]) if lang == "en" else (KO_WORDS, SHAPE["ko"])
                markup = min(1.0, shape.markup * markup_scale)
                face: dict[str, str]
                if kind == "cloze":
                    face = {"text": cloze_text(rng, words, gaps, shape.text, markup)}
                else:
                    face = {
                        "front": sentence(rng, words, *shape.front, markup) + "?",
                        "back": sentence(rng, words, *shape.back, markup),
                    }
                if has_extra:
                    face["extra"] = sentence(rng, words, *shape.extra, markup)
                note[lang] = face
            notes.append(note)
        decks.append(
            Deck.model_validate(
                {
                    "name": f"Bench::Deck {d}",
                    "description": "Synthetic notes for the export benchmark.",
                    "source": {"file": f"{d:03d}_bench.txt", "title": f"Bench source {d}"},
                    "notes": notes,
                }
            )
        )
    return decks

"""Fixed decks for the UI tests: a small hierarchy in English and Korean, owned by the tests.

The built-in decks keep growing; snapshots built on them would change with every new note.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import GOOD_DECK

CAPITALS = {
    "World::Capitals::Asia": [
        ("korea", "South Korea", "한국", "Seoul", "서울"),
        ("japan", "Japan", "일본", "Tokyo", "도쿄"),
        ("china", "China", "중국", "Beijing", "베이징"),
        ("vietnam", "Vietnam", "베트남", "Hanoi", "하노이"),
        ("thailand", "Thailand", "태국", "Bangkok", "방콕"),
        ("indonesia", "Indonesia", "인도네시아", "Jakarta", "자카르타"),
        ("philippines", "the Philippines", "필리핀", "Manila", "마닐라"),
        ("india", "India", "인도", "New Delhi", "뉴델리"),
    ],
    "World::Capitals::Europe": [
        ("france", "France", "프랑스", "Paris", "파리"),
        ("germany", "Germany", "독일", "Berlin", "베를린"),
        ("spain", "Spain", "스페인", "Madrid", "마드리드"),
        ("italy", "Italy", "이탈리아", "Rome", "로마"),
        ("portugal", "Portugal", "포르투갈", "Lisbon", "리스본"),
        ("austria", "Austria", "오스트리아", "Vienna", "빈"),
        ("poland", "Poland", "폴란드", "Warsaw", "바르샤바"),
        ("greece", "Greece", "그리스", "Athens", "아테네"),
    ],
}

WORDS = [
    ("flywheel", "플라이휠", "a heavy wheel that stores momentum"),
    ("customer", "고객", "the person a business serves"),
    ("obsession", "집착", "an idea that fills the mind"),
    ("subscription", "구독", "paying regularly for a service"),
    ("platform", "플랫폼", "a base that others build on"),
    ("growth", "성장", "becoming larger over time"),
    ("trust", "신뢰", "belief that someone is reliable"),
    ("momentum", "추진력", "the force that keeps things moving"),
]


def _capitals(deck: str, rows: list[tuple[str, str, str, str, str]]) -> str:
    region = deck.rsplit("::", 1)[-1].lower()
    lines = [f'name = "{deck}"', f'description = "Capitals of {region}."', ""]
    for line, (slug, country, country_ko, city, city_ko) in enumerate(rows, start=1):
        lines += [
            "[[notes]]",
            f'id = "{region}/{slug}"',
            'kind = "basic"',
            f'tags = ["geo", "{region}"]',
            f'source = {{ file = "atlas.txt", lines = "{line}" }}',
            f'en.front = "What is the capital of {country}?"',
            f'en.back = "{city}"',
            f'en.extra = "{city} ({city_ko}) is the capital of {country}."',
            f'ko.front = "{country_ko}의 수도는?"',
            f'ko.back = "{city_ko}"',
            "",
        ]
    return "\n".join(lines)


def _words() -> str:
    lines = ['name = "Words::Korean"', 'description = "Business words in Korean."', ""]
    for word, korean, meaning in WORDS:
        lines += [
            "[[notes]]",
            f'id = "words/{word}"',
            'kind = "reverse"',
            'tags = ["vocabulary"]',
            f'en.front = "{word}"',
            f'en.back = "{korean}"',
            f'en.extra = "{meaning.capitalize()}."',
            "",
        ]
    return "\n".join(lines)


def write_test_decks(folder: Path) -> list[Path]:
    """Write the four decks into `folder`; the list is in the order to sync (the queue's order)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "asia.toml": _capitals("World::Capitals::Asia", CAPITALS["World::Capitals::Asia"]),
        "europe.toml": _capitals("World::Capitals::Europe", CAPITALS["World::Capitals::Europe"]),
        "words.toml": _words(),
        "basics.toml": GOOD_DECK,
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths

"""Browse's SQL search against a plain Python filter over the same collection: any faster way
the SQL finds its cards must answer exactly as a substring match over the folded text does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from cards.store.search_text import stored_search_text, stored_tag_key
from cards.store.store import Store
from tests.benchmarks.synthetic import TODAY, add_history, write_decks

QUERIES = (
    "amazon",
    "AMAZON Flywheel",
    "fLyWhEeL",
    "망",  # Korean words of one, two and more characters
    "책 망",
    "플라이휠",
    "아마존 플라이휠",
    "플라이휠 집착",
    "bench/d3/n12",
    "N129#C",
    "n1#",
    "deck:03",
    "deck:03 is:new",
    "tag:FA",
    "tag:ang",  # inside a tag, not at its start: no match
    "tag:book 플라이휠",
    "is:due",
    "is:new",
    "is:suspended",
    "is:leech",
    "is:buried",
    "is:bogus",
    "is:due 시장",
    "zzz-nothing",
    "",
    "fly",  # three characters: the shortest word the index finds
    "mazo",  # inside a word
    "wheel growth",  # two words found in the index together
    "ON customer",  # a word ending where another begins
    "term 망",  # one word from the index, one read for in the notes it finds
    "c2",  # in card ids only: the template
    "rev",
    "ev",  # in `rev` and inside words
    "0#",
    "n12",  # in note ids, in the notes' words
    "집착",  # two characters: looked up by the pieces they start
    "fl 착",
    "n1",
)


def reference(db: sqlite3.Connection, query: str) -> list[str]:
    """The matching active cards in deck order, filtered in Python, term by term."""
    today = TODAY.isoformat()
    notes = {
        note_id: (deck_key, stored_search_text(body), stored_tag_key(body))
        for note_id, deck_key, body in db.execute("SELECT id, deck_key, body FROM note")
    }
    cards: list[tuple[Any, ...]] = db.execute(
        "SELECT id, note_id, reviews, due, suspended, leech, buried_until, file_rank, position,"
        " ord FROM card WHERE active = 1"
    ).fetchall()
    states: dict[str, Callable[[tuple[Any, ...]], bool]] = {
        "new": lambda card: card[2] == 0,
        "due": lambda card: card[2] > 0 and card[3] is not None and card[3] <= today,
        "suspended": lambda card: card[4] == 1,
        "susp": lambda card: card[4] == 1,
        "leech": lambda card: card[5] == 1,
        "buried": lambda card: card[6] is not None and card[6] > today,
    }

    def matches(card: tuple[Any, ...], term: str) -> bool:
        deck_key, words, tags = notes[str(card[1])]
        key, sep, value = term.partition(":")
        if sep and key == "deck":
            return value in deck_key
        if sep and key == "tag":
            return "\n" + value in tags
        if sep and key == "is":
            state = states.get(value)
            return state is not None and state(card)
        ascii_lower_id = "".join(c.lower() if c.isascii() else c for c in str(card[0]))
        return term in words or term in ascii_lower_id

    terms = query.casefold().split()
    found = [card for card in cards if all(matches(card, term) for term in terms)]
    found.sort(key=lambda card: (card[7], card[8], card[9], card[0]))
    return [str(card[0]) for card in found]


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reference")
    paths = write_decks(root / "decks", 400)
    db = root / "c.sqlite3"
    with Store.open(db) as store:
        store.sync(paths)
    add_history(db, seed=400)
    with sqlite3.connect(db) as marking:  # states the synthetic history leaves out
        marking.execute("UPDATE card SET suspended = 1 WHERE id LIKE 'bench/d3/n13%'")
        marking.execute("UPDATE card SET leech = 1 WHERE id LIKE 'bench/d3/n14%'")
        marking.execute(
            "UPDATE card SET buried_until = ? WHERE id LIKE 'bench/d0/n3%'",
            ((TODAY + timedelta(days=1)).isoformat(),),
        )
    return db


@pytest.mark.parametrize("query", QUERIES)
def test_sql_search_answers_as_the_python_filter(collection: Path, query: str) -> None:
    with Store.open(collection) as store:
        found = store.browse_search(query, TODAY).card_ids
    db = sqlite3.connect(collection)
    try:
        expected = reference(db, query)
    finally:
        db.close()
    assert found == expected


def test_the_queries_reach_both_sides_of_every_kind(collection: Path) -> None:
    """The comparison means something only if most queries match some cards but not all."""
    db = sqlite3.connect(collection)
    try:
        every = len(reference(db, ""))
        counts = {query: len(reference(db, query)) for query in QUERIES}
    finally:
        db.close()
    partial = [query for query, count in counts.items() if 0 < count < every]
    assert len(partial) >= len(QUERIES) - 4, counts

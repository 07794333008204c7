"""Browse's search in SQL: Unicode case folding, tags by prefix, states, sorting, and a
collection from before the folded columns learning them on upgrade."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

from cards.store.browse_search import Order
from cards.store.database import connect
from cards.store.store import Store
from tests.old_schema import take_back_to
from tests.sql import run_sql

DAY = date(2026, 1, 15)
MOMENT = datetime(2026, 1, 15, 9, tzinfo=UTC)
DECK = """name = "Ärger::Übel"
[[notes]]
id = "u/street"
tags = ["Geo", "europe"]
en.front = "Which STRASSE?"
en.back = "Die Straße in Köln"
[[notes]]
id = "u/korean"
en.front = "아마존의 플라이휠"
en.back = "The flywheel"
[[notes]]
id = "u/cloze"
kind = "cloze"
en.text = "Amazon began in {{c1::1994}} with {{c2::$300,000::amount}}."
"""


def found(store: Store, query: str, order: Order | None = None) -> list[str]:
    """The ids of the cards `query` finds, in `order`."""
    return store.browse_search(query, DAY, order).card_ids


def synced(tmp_path: Path) -> tuple[Store, Path]:
    deck = tmp_path / "deck.toml"
    deck.write_text(DECK, encoding="utf-8")
    store = Store.open(tmp_path / "c.sqlite3")
    store.sync([deck])
    return store, deck


def test_words_fold_over_all_of_unicode_and_match_cloze_answers_and_ids(tmp_path: Path) -> None:
    store, _ = synced(tmp_path)
    with store:
        assert found(store, "strasse") == [
            "u/street#fwd"
        ]  # `ß` folds to `ss`, as Python's casefold
        assert found(store, "KÖLN") == ["u/street#fwd"]  # SQLite's lower() leaves `Ö`
        assert found(store, "플라이휠") == ["u/korean#fwd"]
        assert found(store, "ln") == [
            "u/street#fwd"
        ]  # two characters, the last of the note's words
        assert found(store, "이휠") == ["u/korean#fwd"]
        assert found(store, "qz") == []
        assert found(store, "1994") == ["u/cloze#c1", "u/cloze#c2"]
        assert found(store, "C2") == ["u/cloze#c2"]
        assert found(store, "deck:ärger amazon") == ["u/cloze#c1", "u/cloze#c2"]
        assert found(store, "deck:ÜBEL") == found(store, "")
        assert found(store, "tag:GE") == ["u/street#fwd"]
        assert found(store, "tag:eo") == []  # a tag matches by its start only
        assert found(store, "is:bogus") == []
        assert store.browse_search("", DAY).total == 4


def test_states_and_sorting_by_a_column(tmp_path: Path) -> None:
    store, _ = synced(tmp_path)
    with store:
        store.answer("u/street#fwd", 4, DAY, MOMENT)
        store.answer("u/korean#fwd", 1, DAY, MOMENT)
        run_sql(
            store,
            "UPDATE card SET leech = 1, lapses = 3, easiness_pct = 130, due = '2026-01-14' "
            "WHERE id = 'u/korean#fwd'",
        )
        store.bury("u/cloze#c1", DAY)

        assert found(store, "is:leech") == ["u/korean#fwd"]
        assert found(store, "is:buried") == ["u/cloze#c1"]
        assert found(store, "is:due") == ["u/korean#fwd"]  # overdue
        assert found(store, "is:new") == ["u/cloze#c1", "u/cloze#c2"]
        assert found(store, "", Order("lapses", descending=True))[0] == "u/korean#fwd"
        assert found(store, "", Order("ease"))[0] == "u/korean#fwd"
        assert found(store, "", Order("due")) == [
            "u/korean#fwd",
            "u/street#fwd",
            "u/cloze#c1",
            "u/cloze#c2",
        ]
        assert found(store, "", Order("deck", descending=True)) == list(reversed(found(store, "")))


def test_a_collection_from_before_the_folded_text_finds_its_notes_at_once(tmp_path: Path) -> None:
    """A collection synced before the search columns existed searches right after the
    upgrade, before any deck file is read again."""
    store, _ = synced(tmp_path)
    path = tmp_path / "c.sqlite3"
    store.close()
    take_back_to(path, 16)
    connect(path).close()
    with Store.open(path) as reopened:
        assert reopened.browse_search("strasse tag:geo", DAY).card_ids == ["u/street#fwd"]


def test_an_edit_or_a_removal_moves_the_notes_words_in_the_index(tmp_path: Path) -> None:
    """Sync rewrites a note's search row; the word index follows it (old words gone, new ones
    found), and a note taken out of its file is found again with its new text when put back."""
    store, deck = synced(tmp_path)
    with store:
        deck.write_text(DECK.replace("Die Straße in Köln", "Der Weg nach Busan"), "utf-8")
        store.sync([deck])
        assert found(store, "köln") == []
        assert found(store, "busan") == ["u/street#fwd"]
        assert found(store, "busan europe") == []
        deck.write_text(DECK.split('[[notes]]\nid = "u/korean"')[0], "utf-8")
        store.sync([deck])
        assert found(store, "플라이휠") == []
        assert store.browse_search("", DAY).total == 1  # the cards in use, the retired left out
        deck.write_text(DECK.replace("아마존의 플라이휠", '베이조스의 \\"따옴표\\"'), "utf-8")
        store.sync([deck])
        assert found(store, "플라이휠") == []
        assert found(store, '"따옴표"') == ["u/korean#fwd"]  # a quote is a character like any other
        assert found(store, "스의") == ["u/korean#fwd"]  # two characters: read for, not looked up


def test_a_collection_from_before_the_word_index_finds_words_at_once(tmp_path: Path) -> None:
    """After the upgrade that adds the word index, words are found before any deck file is
    read again, and the next edit keeps the index."""
    store, deck = synced(tmp_path)
    path = tmp_path / "c.sqlite3"
    store.close()
    take_back_to(path, 17)
    connect(path).close()
    with Store.open(path) as reopened:
        assert reopened.browse_search("köln", DAY).card_ids == ["u/street#fwd"]
        assert reopened.browse_search("amazon 1994", DAY).card_ids == ["u/cloze#c1", "u/cloze#c2"]
        deck.write_text(DECK.replace("Köln", "Bonn"), "utf-8")
        reopened.sync([deck])
        assert reopened.browse_search("köln", DAY).card_ids == []
        assert reopened.browse_search("bonn", DAY).card_ids == ["u/street#fwd"]


def test_words_after_a_nul_in_a_note_are_found_and_follow_its_edits(tmp_path: Path) -> None:
    """A field may hold a NUL (TOML's `\\u0000`), where FTS5's tokenizer stops reading: the
    words after it, in that field and the next ones, are found all the same, also once the
    note is edited (the index forgets what it was given, not the text before the NUL)."""
    store, deck = synced(tmp_path)
    with store:
        deck.write_text(DECK.replace("Die Straße in Köln", "alpha\\u0000bravo"), "utf-8")
        store.sync([deck])
        assert found(store, "bravo") == ["u/street#fwd"]
        assert found(store, "br") == ["u/street#fwd"]  # two characters, looked up by their pieces
        assert found(store, "ha") == ["u/street#fwd"]  # the last two before the NUL
        assert found(store, "which strasse") == ["u/street#fwd"]  # the field before it
        deck.write_text(DECK.replace("Die Straße in Köln", "alpha\\u0000delta"), "utf-8")
        store.sync([deck])
        assert found(store, "bravo") == []
        assert found(store, "delta") == ["u/street#fwd"]


def test_a_collection_from_before_nuls_became_newlines_finds_the_words_after_one(
    tmp_path: Path,
) -> None:
    """Words stored with a NUL before the upgrade are folded again by it, and found."""
    store, _ = synced(tmp_path)
    path = tmp_path / "c.sqlite3"
    store.close()
    take_back_to(path, 18)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "UPDATE note SET body = replace(body, 'Die Straße in Köln', 'alpha\\u0000bravo') "
            "WHERE id = 'u/street'"
        )
        connection.execute(
            "UPDATE note_search SET words = replace(words, 'die strasse in köln', ?) "
            "WHERE note_id = 'u/street'",
            ("alpha\0bravo",),
        )
    connect(path).close()
    with Store.open(path) as reopened:
        assert reopened.browse_search("bravo", DAY).card_ids == ["u/street#fwd"]

"""Syncing deck files into the store: reworded, moved, removed and unreadable notes keep their
schedules and history, and only what changed is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.store.store import Store
from seeds import BUILTIN_DECKS
from tests.conftest import GOOD_DECK
from tests.sql import WORDS_REINDEXED, run_sql
from tests.test_store import DAY, NOW, ids


def test_editing_wording_keeps_the_schedule(store: Store, deck: Path) -> None:
    store.answer("test/capital#fwd", 5, DAY, NOW)
    deck.write_text(GOOD_DECK.replace("Capital of Korea?", "Which city is Korea's capital?"))
    report = store.sync([deck])
    assert report.parsed == [deck]
    card = store.card("test/capital#fwd")
    assert card is not None
    assert card.front("en") == "Which city is Korea's capital?"
    state = store.state("test/capital#fwd")
    assert state is not None
    assert state.reviews == 1
    assert state.sm2.interval == 1


def test_rewording_one_note_writes_that_note_and_the_file_row_only(
    store: Store, deck: Path
) -> None:
    before = store.version()[0]
    deck.write_text(GOOD_DECK.replace("Capital of Korea?", "Which city is Korea's capital?"))
    store.sync([deck])
    # the note's row, its search row (and its words in the index) and the deck_file row
    assert store.version()[0] - before == 3 + WORDS_REINDEXED


def test_unchanged_files_are_not_parsed(store: Store, deck: Path) -> None:
    assert store.sync([deck]).parsed == []


def test_removed_note_leaves_the_queue_but_keeps_its_history(store: Store, deck: Path) -> None:
    store.answer("test/capital#fwd", 5, DAY, NOW)
    start = GOOD_DECK.index("[[notes]]")
    end = GOOD_DECK.index("[[notes]]", start + 1)
    deck.write_text(GOOD_DECK[:start] + GOOD_DECK[end:])
    store.sync([deck])
    assert "test/capital#fwd" not in [card for card, _ in ids(store, date(2026, 2, 1))]
    assert len(store.history("test/capital#fwd")) == 1
    deck.write_text(GOOD_DECK)  # put back: the card returns with its schedule
    store.sync([deck])
    assert ("test/capital#fwd", "review") in ids(store, date(2026, 2, 1))


def test_a_note_moved_between_two_changed_files_keeps_its_schedule(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    start = GOOD_DECK.index("[[notes]]")
    end = GOOD_DECK.index("[[notes]]", start + 1)
    capital = GOOD_DECK[start:end]
    header = 'name = "Other"\n\n'
    first = write_deck(header, "a.toml")  # synced first, so it receives the note before...
    second = write_deck(GOOD_DECK, "b.toml")  # ...this file gives it up
    with Store.open(tmp_path / "m.db") as store:
        store.sync([first, second])
        store.answer("test/capital#fwd", 5, DAY, NOW)
        first.write_text(header + capital)
        second.write_text(GOOD_DECK[:start] + GOOD_DECK[end:])
        report = store.sync([first, second])
        assert report.problems == []
        card = store.card("test/capital#fwd")
        assert card is not None
        assert card.deck == "Other"
        assert ("test/capital#fwd", "review") in ids(store, date(2026, 1, 16))


def test_a_file_that_cannot_be_read_keeps_its_last_good_notes(store: Store, deck: Path) -> None:
    deck.write_text(GOOD_DECK.replace('name = "Test::Basics"', 'name = "Test::Basics'))
    report = store.sync([deck])
    assert report.parsed == [deck]
    assert "TOML syntax" in report.problems[0]
    assert [card for card, _ in ids(store)] == [
        "test/capital#fwd",
        "test/pair#fwd",
        "test/cloze#c1",
    ]
    assert len(store.queue(DAY, "Test")) == 3  # still found under its deck's name
    deck.write_text(GOOD_DECK[: GOOD_DECK.index("[[notes]]", GOOD_DECK.index("[[notes]]") + 1)])
    assert store.sync([deck]).problems == []
    assert [card for card, _ in ids(store)] == ["test/capital#fwd"]


def test_rekinding_a_note_retires_old_cards(store: Store, deck: Path) -> None:
    deck.write_text(GOOD_DECK.replace('kind = "reverse"', 'kind = "basic"'))
    store.sync([deck])
    state = store.state("test/pair#rev")
    assert state is not None
    assert not state.active
    store.answer("test/pair#fwd", 5, DAY, NOW)
    assert "test/pair#rev" not in [card for card, _ in ids(store)]


def test_removed_cloze_deletion_leaves_the_queue(store: Store, deck: Path) -> None:
    deck.write_text(
        GOOD_DECK.replace("{{c2::$300,000::amount}}", "$300,000").replace(
            "{{c2::30만 달러}}", "30만 달러"
        )
    )
    store.sync([deck])
    state = store.state("test/cloze#c2")
    assert state is not None
    assert not state.active


def test_a_file_stored_by_another_cache_version_is_read_again(store: Store, deck: Path) -> None:
    run_sql(store, "UPDATE deck_file SET cache_version = cache_version - 1")
    assert store.sync([deck]).parsed == [deck]
    assert store.sync([deck]).parsed == []


def test_cards_from_the_store_are_the_cards_of_the_deck_files(tmp_path: Path) -> None:
    """The two ways a card is made, from a validated note and from what sync stored of it,
    agree on every card of the built-in decks (text, kind, tags, citation and source)."""
    paths = deck_paths([BUILTIN_DECKS])
    with Store.open(tmp_path / "c.db") as store:
        store.sync(paths)
        for from_file in load_collection(paths).cards():
            from_store = store.card(from_file.id)
            assert from_store == from_file
            assert from_store is not None
            assert from_store.source == from_file.source
            assert from_store.source_title("ko") == from_file.source_title("ko")


ONE_NOTE = 'name = "{deck}"\n\n[[notes]]\nid = "{note}"\nen.front = "{front}"\nen.back = "b"\n'


def test_a_note_id_declared_again_is_used_once_its_first_declaration_goes(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    first = write_deck(ONE_NOTE.format(deck="First", note="both/n", front="first"), "a.toml")
    second = write_deck(ONE_NOTE.format(deck="Second", note="both/n", front="second"), "b.toml")
    report = store.sync([first, second])
    assert any("duplicate note id" in problem for problem in report.found)
    card = store.card("both/n#fwd")
    assert card is not None
    assert card.front("en") == "first"
    first.write_text(ONE_NOTE.format(deck="First", note="first/n", front="other"))
    report = store.sync([first, second])
    assert report.parsed == [first, second]  # the second file read again, though unchanged
    assert report.problems == []
    card = store.card("both/n#fwd")
    assert card is not None
    assert card.front("en") == "second"


def test_a_file_named_like_a_duplicate_is_not_read_again_while_unchanged(tmp_path: Path) -> None:
    """Whether a file holds a duplicate note id is stored as such, not found in the words of its
    problems, where a name may hold any words."""
    folder = tmp_path / "duplicate note id (first declared at x)"
    folder.mkdir()
    deck = folder / "deck.toml"
    deck.write_text(GOOD_DECK + '\n[[notes]]\nid = "test/odd"\nen.front = "a"\ncolour = "red"\n')
    with Store.open(tmp_path / "c.db") as store:
        first = store.sync([deck])
        assert first.parsed == [deck]
        assert any("unknown key" in problem for problem in first.found)
        again = store.sync([deck])
    assert again.parsed == []
    assert again.problems == first.found

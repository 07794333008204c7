"""A deck's [source] title reaches the cards: English sides read `title_en`, Korean `title`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cards.decks.loading import cards_of, load_collection, source_details
from cards.decks.models import DeckSource, Note
from cards.schedule.queue import Limits
from cards.store.store import Store
from tests.old_schema import take_back_to

DECK = """\
name = "T"

[source]
title = "넘사벽, 아마존 연결의 힘"
title_en = "Amazon's power of connection"

[[notes]]
id = "t/a"
en.front = "q"
en.back = "a"
ko.front = "질문"
ko.back = "답"
"""


def test_title_in_each_language() -> None:
    note = Note.model_validate({"id": "t/a", "en": {"front": "q", "back": "a"}})
    titled = DeckSource(title="베조노믹스", title_en="Bezonomics")
    (card,) = cards_of(note, "T", source_details(titled))
    assert card.source_title("en") == "Bezonomics"
    assert card.source_title("both") == "Bezonomics"
    assert card.source_title("ko") == "베조노믹스"
    (korean_only,) = cards_of(note, "T", source_details(DeckSource(title="베조노믹스")))
    assert korean_only.source_title("en") == korean_only.source_title("ko") == "베조노믹스"


def test_cards_from_files_and_from_the_store_carry_the_source(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_deck(DECK)
    (card,) = load_collection([path]).cards()
    assert card.source is not None
    assert card.source["title_en"] == "Amazon's power of connection"
    with Store.open(tmp_path / "c.sqlite3", Limits()) as store:
        store.sync([path])
        stored = store.card("t/a#fwd")
    assert stored is not None
    assert stored.source == card.source


def test_a_database_from_before_the_titles_fills_them_in_at_the_next_sync(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    path, db = write_deck(DECK), tmp_path / "old.sqlite3"
    with Store.open(db, Limits()) as store:
        store.sync([path])
    take_back_to(db, 4)
    with Store.open(db, Limits()) as store:
        report = store.sync([path])
        card = store.card("t/a#fwd")
    assert report.parsed == [path]
    assert card is not None
    assert card.source is not None
    assert card.source["title"] == "넘사벽, 아마존 연결의 힘"

"""What an import keeps on disk until it is written comes back whole, in order."""

from __future__ import annotations

from datetime import date

from cards.anki.import_schedule import ImportedCard
from cards.anki.import_spill import Spilled, spilled_cards, spilled_origins
from cards.anki.note_origins import AnkiOrigin
from cards.decks.vocabulary import NoteKind
from cards.schedule.sm2 import SM2State


def test_rows_come_back_in_order_across_batches_and_readings() -> None:
    kept: Spilled[tuple[int, str]] = Spilled(lambda item: item, lambda row: (row[0], row[1]))
    items = [(number, f"카드 {number}") for number in range(Spilled.BATCH * 2 + 3)]
    for item in items:
        kept.append(item)
    assert list(kept) == items
    first = iter(kept)
    assert next(first) == items[0]
    assert list(kept) == items  # a second reading alongside the first
    assert list(first) == items[1:]
    kept.close()


def test_nothing_added_reads_as_empty() -> None:
    kept: Spilled[int] = Spilled(lambda item: (item,), lambda row: int(row[0]))
    assert list(kept) == []
    kept.close()


def test_cards_keep_every_figure() -> None:
    cards = [
        ImportedCard(
            "deck/a#fwd", SM2State(3, 245, 12, date(2027, 1, 9)), 7, 1, False, 10, True, 2
        ),
        ImportedCard("deck/b#rev", None, 0, 0, True, 11),
        ImportedCard("deck/c#c1", SM2State(0, 130, 1, None), 1, 0, False, 12),
    ]
    kept = spilled_cards()
    for card in cards:
        kept.append(card)
    assert list(kept) == cards
    kept.close()


def test_origins_keep_their_fields() -> None:
    origins = [
        ("guid-1", AnkiOrigin(1, NoteKind.CLOZE, "ko", ("{{c1::아마존}}", "", "<b>x</b>"))),
        ("guid-2", AnkiOrigin(2**40, NoteKind.BASIC, "en", ())),
    ]
    kept = spilled_origins()
    for origin in origins:
        kept.append(origin)
    assert list(kept) == origins
    kept.close()

"""Anki packages made by real Anki for the import tests: every note type, HTML, media, schedules.

The collection holds one deck with subdeck, a Basic, a reversed, a Cloze and a custom note type,
formatted text, an image and a sound, cards answered through Anki's own scheduler (so their
intervals, ease and review log are Anki's), an overdue card, a card due today and a suspended
one. It is written in the current package format, the legacy one, and as a collection package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf"
    "c0f01f0005000201a5f0b8d60000000049454e44ae426082"
)
DECK = "Languages::Spanish"


@dataclass
class Built:
    """Where the packages are, and what Anki holds, read back from the source collection."""

    current: Path
    legacy: Path
    colpkg: Path
    guids: dict[str, str]
    """Note label -> GUID."""
    cards: dict[str, dict[str, int]]
    """`label:ord` -> the card's figures (type, queue, ivl, factor, reps, lapses, due_in)."""


def _answer(collection: Collection, card_id: Any, ease: int) -> None:
    """Answer one card now through Anki's scheduler; a review card is made due first."""
    if collection.get_card(card_id).type == 2:
        collection.sched.set_due_date([card_id], "0")
    card = collection.get_card(card_id)
    card.start_timer()
    collection.sched.answerCard(card, ease)  # type: ignore[arg-type]


def build(folder: Path) -> Built:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source").mkdir(exist_ok=True)
    collection = Collection(str(folder / "source" / "collection.anki2"))
    try:
        return _build(collection, folder)
    finally:
        collection.close()


def _build(collection: Collection, folder: Path) -> Built:
    deck_id = collection.decks.id(DECK)
    assert deck_id is not None
    sub_id = collection.decks.id(f"{DECK}::Verbs")
    assert sub_id is not None
    collection.media.write_data("pic.png", PNG)
    collection.media.write_data("say.mp3", b"ID3 not really a sound")
    models = collection.models
    vocab = models.new("Vocab")
    for name in ("Word", "Meaning", "Example"):
        models.add_field(vocab, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Word}}", "{{Meaning}}<br>{{Example}}"
    models.add_template(vocab, template)
    models.add_dict(vocab)

    def add(label: str, notetype: str, fields: list[str], deck: int, tags: str = "") -> Any:
        note = collection.new_note(models.by_name(notetype))  # type: ignore[arg-type]
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = tags.split()
        collection.add_note(note, deck)  # type: ignore[arg-type]
        labels[label] = note
        return note

    labels: dict[str, Any] = {}
    add("basic", "Basic", ["<b>hola</b> &amp; adiós", "hello<br>goodbye"], deck_id, "greet")
    add("reverse", "Basic (and reversed card)", ["el perro", "the <i>dog</i>"], deck_id)
    add(
        "cloze",
        "Cloze",
        ["{{c1::Madrid}} is the capital of {{c2::Spain::country}}", "<ul><li>geo</li></ul>"],
        deck_id,
    )
    add("vocab", "Vocab", ["comer", "to eat", "Yo como"], sub_id, "verb")
    add("media", "Basic", ['<img src="pic.png">', "it says [sound:say.mp3]"], deck_id)
    add("twin", "Basic", ["el perro", "a second note with the same front"], deck_id)

    cards = {label: note.cards() for label, note in labels.items()}
    # basic: Easy, then Good, Good -> a review card with a long interval, due later.
    for ease in (4, 3, 3):
        _answer(collection, cards["basic"][0].id, ease)
    # reverse, forward card: Easy, then Again (a lapse), then Good: relearnt.
    for ease in (4, 3, 1, 3, 3):
        _answer(collection, cards["reverse"][0].id, ease)
    # cloze c1: Easy -> review, then made due today; c2 stays new and is suspended.
    _answer(collection, cards["cloze"][0].id, 4)
    collection.sched.set_due_date([cards["cloze"][0].id], "0")
    collection.sched.suspend_cards([cards["cloze"][1].id])
    # vocab: Easy, Good -> overdue by three days.
    for ease in (4, 3):
        _answer(collection, cards["vocab"][0].id, ease)
    assert collection.db is not None
    collection.db.execute(
        "UPDATE cards SET due = ? WHERE id = ?", collection.sched.today - 3, cards["vocab"][0].id
    )
    figures: dict[str, dict[str, int]] = {}
    today = collection.sched.today
    for label, note_cards in cards.items():
        for card in note_cards:
            card.load()
            due_in = card.due - today if card.type == 2 else 0
            figures[f"{label}:{card.ord}"] = {
                "type": card.type,
                "queue": card.queue,
                "ivl": card.ivl,
                "factor": card.factor,
                "reps": card.reps,
                "lapses": card.lapses,
                "due_in": due_in,
            }
    built = Built(
        folder / "current.apkg",
        folder / "legacy.apkg",
        folder / "whole.colpkg",
        {label: note.guid for label, note in labels.items()},
        figures,
    )
    for path, legacy in ((built.current, False), (built.legacy, True)):
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
        )
        collection.export_anki_package(
            out_path=str(path), options=options, limit=DeckIdLimit(deck_id)
        )
    collection.export_collection_package(str(built.colpkg), include_media=True, legacy=False)
    collection.reopen()
    return built

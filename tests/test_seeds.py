"""The shipped decks: valid, bilingual, cited within their sources, and written afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cards.decks import cloze
from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.decks.models import Note
from cards.decks.vocabulary import LANGUAGES
from seeds import BUILTIN_DECKS

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SOURCE_FILE = re.compile(r"^00[0-4]_[0-9a-f]{16}\.txt$")
COPY_RUN = 12

collection = load_collection(deck_paths([BUILTIN_DECKS]))
notes: list[Note] = [note for _, note in collection.notes()]


def test_five_decks_validate_with_no_problems() -> None:
    assert [str(problem) for problem in collection.problems] == []
    assert len(collection.decks) == 5
    assert (
        len({deck_file.deck.source.file for deck_file in collection.decks if deck_file.deck.source})
        == 5
    )
    assert all(deck_file.deck.name.startswith("Amazon::") for deck_file in collection.decks)


def test_every_note_is_bilingual_cited_and_tagged() -> None:
    for deck_file, note in collection.notes():
        assert set(note.faces()) == set(LANGUAGES), note.id
        assert note.source is not None, note.id
        assert note.tags, note.id
        header = deck_file.deck.source
        assert header is not None
        assert header.lines is not None
        assert note.source.file == header.file, note.id
        assert SOURCE_FILE.match(note.source.file), note.id
        assert all(1 <= first <= last <= header.lines for first, last in note.source.ranges), (
            note.id
        )


def test_note_ids_are_unique() -> None:
    ids = [note.id for note in notes]
    assert len(ids) == len(set(ids))


def card_texts(note: Note) -> list[str]:
    texts = []
    for face in note.faces().values():
        for value in (face.front, face.back, face.text, face.extra):
            if value:
                texts += [value, cloze.render_back(value, 0).replace("**", "")]
    return texts


@pytest.mark.skipif(not SOURCES.is_dir(), reason=f"source documents not at {SOURCES}")
def test_no_card_copies_a_run_of_the_source_text() -> None:
    sources = {path.name: path.read_text("utf-8") for path in SOURCES.glob("00*.txt")}
    runs = {
        text[i : i + COPY_RUN] for text in sources.values() for i in range(len(text) - COPY_RUN + 1)
    }
    copied = [
        (note.id, text[i : i + COPY_RUN])
        for note in notes
        for text in card_texts(note)
        for i in range(len(text) - COPY_RUN + 1)
        if text[i : i + COPY_RUN] in runs
    ]
    assert copied == []


@pytest.mark.skipif(not SOURCES.is_dir(), reason=f"source documents not at {SOURCES}")
def test_recorded_line_counts_match_the_sources() -> None:
    for deck_file in collection.decks:
        header = deck_file.deck.source
        assert header is not None
        assert header.file is not None
        text = (SOURCES / header.file).read_text("utf-8")
        assert header.lines == len(text.splitlines()), header.file


def test_the_seeds_readme_counts_notes_and_cards_right() -> None:
    readme = (Path(__file__).resolve().parents[1] / "seeds" / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| (Amazon::[^|]+?) \| `[^`]+` \| (\d+) \| (\d+) \|", readme, re.M)
    counted = {
        deck_file.deck.name: (str(len(deck_file.deck.notes)), str(len(list(deck_file.cards()))))
        for deck_file in collection.decks
    }
    assert {name: (notes, cards) for name, notes, cards in rows} == counted
    total = re.search(r"^\| all five \| \| (\d+) \| (\d+) \|", readme, re.M)
    assert total is not None
    assert (int(total[1]), int(total[2])) == (len(notes), len(list(collection.cards())))

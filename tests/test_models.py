"""The content model: notes, decks and the cards they make."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cards.decks import cloze
from cards.decks.loading import cards_of
from cards.decks.models import Deck, Note, SourceRef
from cards.decks.vocabulary import NoteKind


def test_basic_note_makes_one_card() -> None:
    note = Note.model_validate(
        {"id": "a/b", "kind": NoteKind.BASIC, "en": {"front": "Q", "back": "A"}}
    )
    assert note.card_ids() == ("a/b#fwd",)


def test_reverse_note_makes_two_cards_with_swapped_sides() -> None:
    note = Note.model_validate({"id": "r", "kind": "reverse", "en": {"front": "Q", "back": "A"}})
    fwd, rev = cards_of(note, "D")
    assert (fwd.id, fwd.front("en"), fwd.back("en")) == ("r#fwd", "Q", "A")
    assert (rev.id, rev.front("en"), rev.back("en")) == ("r#rev", "A", "Q")


def test_cloze_note_makes_one_card_per_number_and_hides_only_its_own() -> None:
    note = Note.model_validate(
        {"id": "c", "kind": "cloze", "en": {"text": "{{c1::A}} {{c2::B::hint}} {{c1::C}}"}}
    )
    assert note.card_ids() == ("c#c1", "c#c2")
    c1, c2 = cards_of(note, "D")
    assert c1.front("en") == "[...] B [...]"
    assert c2.front("en") == "A [hint] C"
    assert c2.back("en") == "A **B** C"
    assert c1.front("ko") is None


def test_card_ids_are_stable_across_wording_edits() -> None:
    before = Note.model_validate({"id": "x", "kind": "cloze", "en": {"text": "{{c1::a}}"}})
    after = Note.model_validate({"id": "x", "kind": "cloze", "en": {"text": "new {{c1::b}}"}})
    assert before.card_ids() == after.card_ids()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"id": "x", "kind": "cloze", "en": {"text": "no gap"}}, "at least one"),
        ({"id": "x", "kind": "cloze", "en": {"text": "{{c1::a"}}, "malformed cloze"),
        ({"id": "x", "kind": "cloze", "en": {"text": "{{c0::a}}"}}, "c1, not c0"),
        ({"id": "x", "kind": "cloze", "en": {"front": "a", "back": "b"}}, "not `front`"),
        ({"id": "x", "kind": "basic", "en": {"front": "a"}}, "needs `back`"),
        ({"id": "x", "kind": "basic", "en": {"text": "{{c1::a}}"}}, "not `text`"),
        ({"id": "x", "kind": "basic"}, "at least one language"),
        (
            {"id": "x", "kind": "cloze", "en": {"text": "{{c1::a}}"}, "ko": {"text": "{{c2::b}}"}},
            "cloze numbers",
        ),
        ({"id": "Bad Id", "en": {"front": "a", "back": "b"}}, "pattern"),
        ({"id": "x", "tags": ["two words"], "en": {"front": "a", "back": "b"}}, "pattern"),
        ({"id": "x", "en": {"front": " ", "back": "b"}}, "pattern"),
        ({"id": "x", "en": {"front": "a", "back": "b"}, "colour": "red"}, "Extra inputs"),
    ],
)
def test_bad_notes_are_rejected(raw: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Note.model_validate(raw)


def test_source_ref_parses_ranges_and_rejects_backwards_ones() -> None:
    assert SourceRef(file="f.txt", lines="5-7, 9").ranges == ((5, 7), (9, 9))
    with pytest.raises(ValidationError, match="first <= last"):
        SourceRef(file="f.txt", lines="7-5")


def test_deck_name_uses_anki_hierarchy() -> None:
    note = {"id": "x", "en": {"front": "a", "back": "b"}}
    assert Deck.model_validate({"name": "Amazon::Customer Obsession", "notes": [note]})
    for bad in ("Amazon::", "::x", "a:::b", " padded"):
        with pytest.raises(ValidationError):
            Deck.model_validate({"name": bad, "notes": [note]})


def test_cloze_markup_problems() -> None:
    assert cloze.markup_problem("{{c1::a}} and {{c2::b::h}}") is None
    assert cloze.markup_problem("{{c1::a}} }}") is not None
    assert cloze.markup_problem("{{c1::a {{c2::b}} }}") is not None
    assert cloze.numbers("{{c3::a}} {{c1::b}} {{c3::c}}") == (1, 3)


# The definition of a deletion, spelled plainly: a lookahead at every character of the answer
# and hint. `cloze.DELETION` spells it for speed; the two must find the same deletions.
PLAIN_DELETION = re.compile(
    r"\{\{c(\d+)::((?:(?!\{\{|\}\}).)+?)(?:::((?:(?!\{\{|\}\}).)*?))?\}\}", re.S
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="{}c12:a \n답", max_size=40))
def test_cloze_deletions_match_their_plain_definition(text: str) -> None:
    def found(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
        return [(match.span(), match.groups()) for match in pattern.finditer(text)]

    assert found(cloze.DELETION) == found(PLAIN_DELETION)

"""Every kind of bad deck file gets one readable line naming file, line, note and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cards.decks.loading import load_collection, read_deck
from tests.conftest import GOOD_DECK, flywheel

HEADER = 'name = "T"\n\n'


def problems_of(path: Path) -> list[str]:
    return [str(problem) for problem in load_collection([path]).problems]


def test_good_deck_has_no_problems(write_deck: Callable[..., Path]) -> None:
    path = write_deck(GOOD_DECK)
    collection = load_collection([path])
    assert collection.problems == []
    assert [card.id for card in collection.cards()] == [
        "test/capital#fwd",
        "test/pair#fwd",
        "test/pair#rev",
        "test/cloze#c1",
        "test/cloze#c2",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '[[notes]]\nid = "a"\nen.front = "q"\nen.bakc = "x"\n',
            ":6: a: en.bakc: unknown key (check its spelling)",
        ),
        ('[[notes]]\nid = "a"\nen.front = "q"\n', ":3: a: en: a basic note needs `back`"),
        (
            '[[notes]]\nid = "a"\nen.front = ""\nen.back = "b"\n',
            ":5: a: en.front: must not be empty",
        ),
        (
            '[[notes]]\nid = "a"\nkind = "cloze"\nen.text = "plain"\n',
            ":3: a: en: a cloze note needs at least one",
        ),
        (
            '[[notes]]\nid = "a"\nkind = "cloze"\nen.text = "{{c1:x}}"\n',
            ":6: a: en.text: malformed cloze markup",
        ),
        (
            '[[notes]]\nid = "Not A Slug"\nen.front = "q"\nen.back = "b"\n',
            ":4: Not A Slug: id: not a slug",
        ),
        (
            '[[notes]]\nid = "a"\ntags = ["two words"]\nen.front = "q"\nen.back = "b"\n',
            ":5: a: tags[0]: a tag cannot contain spaces",
        ),
        (
            '[[notes]]\nid = "a"\nkind = "flashcard"\nen.front = "q"\nen.back = "b"\n',
            "a: kind: must be one of",
        ),
        ('[[notes]]\nen.front = "q"\nen.back = "b"\n', ":3: notes[0]: id: is required"),
    ],
)
def test_bad_notes_are_reported_with_line_and_field(
    write_deck: Callable[..., Path], body: str, expected: str
) -> None:
    path = write_deck(HEADER + body)
    problems = problems_of(path)
    assert len(problems) == 1, problems
    assert problems[0] == f"{path}{expected}" or expected in problems[0], problems


def test_toml_syntax_error_names_its_line(write_deck: Callable[..., Path]) -> None:
    path = write_deck(HEADER + '[[notes]]\nid = "a"\nen.front = "unclosed\n')
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:5: TOML syntax:")


def test_file_that_is_not_utf8(write_deck: Callable[..., Path]) -> None:
    path = write_deck('name = "T"\n# caf\xe9\n'.encode("latin-1"))
    assert problems_of(path) == [f"{path}:2: not UTF-8 text (byte 0xe9)"]


def test_missing_deck_name_and_notes(write_deck: Callable[..., Path]) -> None:
    path = write_deck('description = "x"\n')
    assert set(problems_of(path)) == {f"{path}: name: is required", f"{path}: notes: is required"}


def test_every_problem_is_reported_not_just_the_first(write_deck: Callable[..., Path]) -> None:
    body = (
        '[[notes]]\nid = "a"\nen.front = "q"\n\n'
        '[[notes]]\nid = "b c"\nen.front = "q"\nen.back = "x"\n'
    )
    problems = problems_of(write_deck(HEADER + body))
    assert len(problems) == 2
    assert ": a: " in problems[0]
    assert ": b c: id:" in problems[1]


def test_good_notes_survive_a_bad_neighbour(write_deck: Callable[..., Path]) -> None:
    body = (
        '[[notes]]\nid = "good"\nen.front = "q"\nen.back = "a"\n\n'
        '[[notes]]\nid = "bad"\nen.front = "q"\n'
    )
    deck_file, problems = read_deck(write_deck(HEADER + body))
    assert deck_file is not None
    assert [note.id for note in deck_file.deck.notes] == ["good"]
    assert len(problems) == 1


def test_duplicate_ids_across_files(write_deck: Callable[..., Path]) -> None:
    first = write_deck(GOOD_DECK, "one.toml")
    second = write_deck(GOOD_DECK.replace("Test::Basics", "Test::Other"), "two.toml")
    problems = problems_of_all([first, second])
    assert len(problems) == 3
    assert (
        problems[0]
        == f"{second}:5: test/capital: id: duplicate note id (first declared at {first}:5)"
    )


def test_duplicate_ids_within_one_file(write_deck: Callable[..., Path]) -> None:
    note = '[[notes]]\nid = "a"\nen.front = "q"\nen.back = "a"\n\n'
    path = write_deck(HEADER + note + note)
    assert problems_of(path) == [f"{path}:9: a: id: duplicate note id (first declared at {path}:4)"]


def test_citation_past_the_end_of_the_source(write_deck: Callable[..., Path]) -> None:
    body = (
        '[source]\nfile = "s.txt"\nlines = 10\n\n[[notes]]\nid = "a"\n'
        'source = { file = "s.txt", lines = "9-11" }\nen.front = "q"\nen.back = "a"\n'
    )
    path = write_deck(HEADER + body)
    assert problems_of(path) == [f"{path}:8: a: source.lines: cites line 11 but s.txt has 10 lines"]


def problems_of_all(paths: list[Path]) -> list[str]:
    return [str(problem) for problem in load_collection(paths).problems]


def dup_deck(name: str, text: str | None) -> str:
    """A deck with a note of its own, and `dup/x` when `text` is given."""
    note = f'\n[[notes]]\nid = "dup/x"\nen.front = "{text}"\nen.back = "b"\n' if text else ""
    own = f'[[notes]]\nid = "{name.lower()}/own"\nen.front = "own"\nen.back = "b"\n'
    return f'name = "{name}"\n\n{own}{note}'


def test_a_note_id_in_two_files_is_the_earlier_files_copy_everywhere(
    env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    def in_use() -> dict[str, str]:
        listed = json.loads(flywheel("list", "--json", env=env).stdout)
        (listed_note,) = [note for note in listed if note["id"] == "dup/x"]
        due = json.loads(flywheel("due", "--json", env=env).stdout)
        (due_card,) = [card for card in due if card["note"] == "dup/x"]
        return {"list": Path(listed_note["file"]).name, "due": due_card["front"]}

    Path(env["FLYWHEEL_DECKS"], "deck.toml").unlink()
    write_deck(dup_deck("Bee", "from b"), "b.toml")
    assert in_use() == {"list": "b.toml", "due": "from b"}
    write_deck(dup_deck("Ant", "from a"), "a.toml")  # an earlier file takes the id
    assert in_use() == {"list": "a.toml", "due": "from a"}
    check = flywheel("check", env=env).stdout
    assert "b.toml:" in check
    assert "dup/x: id: duplicate note id" in check
    write_deck(dup_deck("Ant", None), "a.toml")  # and gives it back
    assert in_use() == {"list": "b.toml", "due": "from b"}
    assert flywheel("check", env=env).returncode == 0

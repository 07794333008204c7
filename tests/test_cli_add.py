"""`flywheel add`: a note from the command line, into the user's deck file, or nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

from cards.decks.loading import read_deck
from seeds import BUILTIN_DECKS
from tests.conftest import flywheel


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.toml")}


def test_add_creates_the_deck_file_and_the_card_is_due_as_new(
    isolated_env: dict[str, str],
) -> None:
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    result = flywheel(
        "add", "--deck", "Words::Korean", "--kind", "reverse", "--en-front", "apple",
        "--en-back", "a fruit", "--ko-front", "사과", "--ko-back", "과일", "--tags", "food,noun",
        env=isolated_env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "korean/apple\n"
    path = Path(isolated_env["FLYWHEEL_DECKS"]) / "words-korean.toml"
    assert path.read_text().startswith('#:schema ./deck.schema.json\nname = "Words::Korean"\n')
    deck, problems = read_deck(path)
    assert problems == []
    assert deck is not None
    (note,) = deck.deck.notes
    assert note.tags == ("food", "noun")
    assert note.ko is not None
    assert note.ko.back == "과일"
    due = json.loads(flywheel("due", "--json", env=isolated_env).stdout)
    assert [item["id"] for item in due] == ["korean/apple#fwd"]


def test_add_to_a_built_in_deck_goes_into_the_users_copy(isolated_env: dict[str, str]) -> None:
    package = files_under(BUILTIN_DECKS)
    result = flywheel(
        "add", "--deck", "Amazon::IoT", "--kind", "cloze", "--en-text",
        "Dash buttons ordered {{c1::with one press}}.", "--id", "iot/dash-one-press",
        env=isolated_env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert files_under(BUILTIN_DECKS) == package
    copy = Path(isolated_env["FLYWHEEL_DECKS"]) / "iot.toml"
    assert copy.read_text().startswith((BUILTIN_DECKS / "iot.toml").read_text())
    listed = json.loads(
        flywheel("list", "--deck", "Amazon::IoT", "--json", env=isolated_env).stdout
    )
    assert {note["file"] for note in listed} == {str(copy)}
    assert listed[-1]["id"] == "iot/dash-one-press"


def test_invalid_input_writes_nothing_and_exits_1_with_the_problem(
    isolated_env: dict[str, str],
) -> None:
    decks = Path(isolated_env["FLYWHEEL_DECKS"])
    cases = [
        (("--deck", "D", "--kind", "cloze", "--en-front", "q"), "en: a cloze note has `text`"),
        (("--deck", "D", "--en-front", "q"), "en: a basic note needs `back`"),
        (("--deck", "D", "--en-front", "q", "--en-back", "a", "--tags", "a b"), "tags[0]:"),
        (("--deck", "D", "--en-front", "q", "--en-back", "a", "--id", "Bad Id"), "Bad Id: id: "),
        (("--deck", "A::", "--en-front", "q", "--en-back", "a"), "deck: a deck name is words"),
        (
            (
                "--deck",
                "D",
                "--en-front",
                "q",
                "--en-back",
                "a",
                "--id",
                "iot/in-car-delivery-tracker",
            ),
            "iot/in-car-delivery-tracker: id: duplicate note id",
        ),
    ]
    for args, message in cases:
        result = flywheel("add", *args, env=isolated_env)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1
        assert result.stdout == ""
        assert not decks.exists() or not list(decks.iterdir()), args


def test_an_added_note_joins_todays_new_cards_first(isolated_env: dict[str, str]) -> None:
    """With the built-in decks, deck-file order would leave it for weeks; it comes today, and
    stays first among the new cards until it is seen."""
    before = json.loads(flywheel("due", "--json", env=isolated_env).stdout)
    assert len(before) == 20
    result = flywheel(
        "add", "--deck", "Words::Korean", "--kind", "basic", "--en-front", "apple",
        "--en-back", "a fruit", env=isolated_env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    due = [item["id"] for item in json.loads(flywheel("due", "--json", env=isolated_env).stdout)]
    assert due[0] == "korean/apple#fwd"
    assert due[1:] == [item["id"] for item in before][:19]  # still 20 new cards in all
    tomorrow = {**isolated_env, "FLYWHEEL_TODAY": "2026-01-16"}
    later = [item["id"] for item in json.loads(flywheel("due", "--json", env=tomorrow).stdout)]
    assert later[0] == "korean/apple#fwd"
    assert flywheel("answer", "korean/apple#fwd", "4", env=tomorrow).returncode == 0


def test_korean_only_notes_get_readable_romanised_ids(isolated_env: dict[str, str]) -> None:
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    ids = []
    for front, back in (("한국의 수도는?", "서울"), ("일본의 수도는?", "도쿄"), ("빨리", "fast")):
        result = flywheel(
            "add", "--deck", "한국어", "--ko-front", front, "--ko-back", back, env=isolated_env
        )
        assert result.returncode == 0, result.stderr
        ids.append(result.stdout.split()[-1] if result.stdout.split() else "")
    assert all(note_id.startswith("hangukeo/") for note_id in ids), ids
    assert [note_id.split("/", 1)[1] for note_id in ids] == [
        "hangukui-sudoneun",
        "ilbonui-sudoneun",
        "ppalli",
    ]

"""Formulation warnings: each kind found, placed on its line, tuned by the config, and silent
on a well-made deck (the built-in ones among them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cards.decks.lint import lint_deck
from cards.decks.lint_settings import LintSettings
from cards.decks.loading import read_deck
from cards.decks.wording import answer_words, words
from tests.conftest import GOOD_DECK, flywheel

HEADER = 'name = "T"\n'


def basic(note_id: str, front: str, back: str) -> str:
    return f'\n[[notes]]\nid = "{note_id}"\nen.front = "{front}"\nen.back = "{back}"\n'


def cloze(note_id: str, text: str) -> str:
    return f'\n[[notes]]\nid = "{note_id}"\nkind = "cloze"\nen.text = "{text}"\n'


def warnings_of(path: Path, settings: LintSettings | None = None) -> list[str]:
    deck_file, problems = read_deck(path)
    assert problems == []
    assert deck_file is not None
    return [str(w) for w in lint_deck(path, deck_file.deck, settings or LintSettings())]


def test_a_well_made_deck_has_no_warnings(write_deck: Callable[..., Path]) -> None:
    assert warnings_of(write_deck(GOOD_DECK)) == []


def test_a_long_answer_is_a_warning_on_its_line(write_deck: Callable[..., Path]) -> None:
    long = " ".join(["word"] * 16)
    path = write_deck(HEADER + basic("t/long", "What is it?", long) + basic("t/ok", "Q?", "A"))
    assert warnings_of(path) == [
        f"{path}:6: t/long: en.back: warning: answer runs to 16 words (more than 15): "
        "ask for less, or split it"
    ]


def test_a_gloss_does_not_count_toward_an_answers_length(write_deck: Callable[..., Path]) -> None:
    answer = " ".join(["word"] * 15) + " (한국어 풀이 하나)"
    assert warnings_of(write_deck(HEADER + basic("t/a", "Q?", answer))) == []


def test_a_long_cloze_deletion_is_a_warning(write_deck: Callable[..., Path]) -> None:
    path = write_deck(
        HEADER
        + cloze("t/c", "Short {{c1::alpha beta}} and long {{c2::one two three four five six}}.")
    )
    (warning,) = warnings_of(path)
    assert warning.startswith(f"{path}:6: t/c: en.text: warning: cloze deletion c2 runs to 6")


def test_an_answer_shown_by_another_notes_prompt_is_a_warning(
    write_deck: Callable[..., Path],
) -> None:
    path = write_deck(
        HEADER
        + cloze("t/old", "Amazon works in {{c1::retail}} and {{c2::media}}.")
        + cloze("t/new", "Beyond retail and media, Amazon entered {{c1::finance}}.")
    )
    assert warnings_of(path) == [
        f"{path}:11: t/new: en.text: warning: shows 'retail', the answer of t/old",
        f"{path}:11: t/new: en.text: warning: shows 'media', the answer of t/old",
    ]


def test_a_korean_answer_is_found_under_its_particle(write_deck: Callable[..., Path]) -> None:
    path = write_deck(
        HEADER
        + '\n[[notes]]\nid = "t/a"\nko.front = "책을 제공하는 서비스는?"\nko.back = "킨들"\n'
        + '\n[[notes]]\nid = "t/b"\nko.front = "킨들을 싸게 파는 까닭은?"\nko.back = "콘텐츠"\n'
    )
    assert warnings_of(path) == [
        f"{path}:10: t/b: ko.front: warning: shows '킨들', the answer of t/a"
    ]


def test_an_answer_many_notes_show_is_one_warning_on_its_own_note(
    write_deck: Callable[..., Path],
) -> None:
    notes = basic("t/who", "Which company sells Kindles?", "Amazon")
    notes += "".join(
        basic(f"t/n{i}", f"What does Amazon do number {i}?", f"thing {i}") for i in range(3)
    )
    path = write_deck(HEADER + notes)
    assert warnings_of(path) == [
        f"{path}:6: t/who: en.back: warning: its answer 'Amazon' is shown by other notes "
        "(t/n0, t/n1, t/n2, and maybe more): ask what they do not show"
    ]
    many = LintSettings(subject_notes=4)
    assert len(warnings_of(path, many)) == 3


def test_an_extra_showing_another_notes_answer_is_a_warning(
    write_deck: Callable[..., Path],
) -> None:
    path = write_deck(
        HEADER
        + cloze("t/letter", "In his {{c1::2017}} letter to {{c2::shareholders}}, Bezos wrote.")
        + basic("t/echo", "How many Echo speakers had sold?", "5 million")[:-1]
        + '\nen.extra = "The year follows from the 2017 shareholder letter."\n'
    )
    assert warnings_of(path) == [
        f"{path}:12: t/echo: en.extra: warning: its extra shows '2017', the answer of t/letter",
        f"{path}:12: t/echo: en.extra: warning: its extra shows 'shareholders', the answer of "
        "t/letter",
    ]


def test_a_korean_answer_is_found_in_any_order_and_under_endings(
    write_deck: Callable[..., Path],
) -> None:
    path = write_deck(
        HEADER
        + '\n[[notes]]\nid = "t/four"\nkind = "cloze"\n'
        + 'ko.text = "네 원칙: 고객 집착, {{c1::주객전도 경계}}, 신속한 결정."\n'
        + '\n[[notes]]\nid = "t/term"\nko.front = "베조스가 경계하라는 주객전도란?"\n'
        + 'ko.back = "절차가 고객보다 앞서는 일"\n'
    )
    assert warnings_of(path) == [
        f"{path}:10: t/term: ko.front: warning: shows '주객전도 경계', the answer of t/four"
    ]


def test_the_card_header_showing_an_answer_is_a_warning(
    write_deck: Callable[..., Path],
) -> None:
    path = write_deck(
        'name = "Amazon::Flywheel"\n\n[source]\ntitle_en = "A review of Bezonomics"\n'
        + basic("t/base", "What is the foundation of Amazon's strategy?", "The flywheel (플라이휠)")
        + basic("t/book", "Which book does the review discuss?", "Bezonomics")
        + basic("t/who", "Who wrote the book?", "Brian Dumaine")
    )
    assert warnings_of(path) == [
        f"{path}:9: t/base: en.back: warning: the card header (deck name or source title) shows "
        "its answer 'The flywheel (플라이휠)'",
        f"{path}:14: t/book: en.back: warning: the card header (deck name or source title) shows "
        "its answer 'Bezonomics'",
    ]


def test_a_name_is_found_by_the_word_a_reader_recalls(write_deck: Callable[..., Path]) -> None:
    path = write_deck(
        'name = "Amazon::IoT"\n'
        + basic("t/dash", "Which stick reorders detergent?", "Amazon Dash")
        + basic("t/who", "Who wrote the book?", "John Rossman (존 로스만)")
        + cloze("t/buy", "With Dash, customers {{c1::rebuy}} supplies.")
        + basic("t/said", "What does Rossman call the car?", "A connection")
        + basic("t/go", "Where can shoppers go?", "Amazon Go")
    )
    assert warnings_of(path) == [
        f"{path}:16: t/buy: en.text: warning: shows 'Amazon Dash', the answer of t/dash",
        f"{path}:20: t/said: en.front: warning: shows 'John Rossman (존 로스만)', the answer "
        "of t/who",
    ]


def test_a_deletion_sharing_its_stem_with_a_sibling_is_a_warning(
    write_deck: Callable[..., Path],
) -> None:
    path = write_deck(
        HEADER
        + cloze("t/smart", "Bezos built the {{c1::smartest}} firm; it grows {{c2::smarter}}.")
    )
    assert warnings_of(path) == [
        f"{path}:6: t/smart: en.text: warning: card c1 shows 'smarter', too close to its own "
        "answer 'smartest'"
    ]


def test_a_prompt_showing_its_own_answer_is_a_warning(write_deck: Callable[..., Path]) -> None:
    path = write_deck(
        HEADER
        + cloze("t/book", "*Bezonomics* has {{c1::16}} chapters and opens with {{c2::Bezonomics}}.")
        + basic("t/basic", "Who founded Amazon, Jeff Bezos or someone else?", "Jeff Bezos")
    )
    assert warnings_of(path) == [
        f"{path}:6: t/book: en.text: warning: card c2 shows its own answer 'Bezonomics'",
        f"{path}:11: t/basic: en.back: warning: the prompt shows its own answer 'Jeff Bezos'",
    ]


def test_near_identical_prompts_are_a_warning(write_deck: Callable[..., Path]) -> None:
    path = write_deck(
        HEADER
        + basic("t/one", "What did Amazon launch in 2014?", "Echo")
        + basic("t/two", "What did Amazon launch in 2014 ?", "Alexa")
        + basic("t/three", "How many speakers had sold by 2017?", "5 million")
    )
    assert warnings_of(path) == [
        f"{path}:10: t/two: en.front: warning: prompt nearly the same as t/one's: "
        "make each one unmistakable"
    ]
    assert warnings_of(path, LintSettings(similar_prompts=1.0)) != []
    assert (
        warnings_of(write_deck(HEADER + basic("t/a", "Q one?", "x") + basic("t/b", "Q two?", "y")))
        == []
    )


def boilerplate_deck(count: int, shared: int) -> str:
    notes = ""
    for i in range(count):
        tail = " in the essay on amazon's power of connection" if i < shared else ""
        notes += basic(f"t/n{i}", f"Question number {i} asks about topic{i}{tail}?", f"a{i}")
    return HEADER + notes


def test_a_phrase_in_most_prompts_is_one_warning(write_deck: Callable[..., Path]) -> None:
    path = write_deck(boilerplate_deck(8, 6))
    (warning,) = warnings_of(path)
    assert warning.startswith(
        f"{path}:5: t/n0: en.front: warning: 'essay on amazon power of connection' is in 6 of "
        "the deck's 8 prompts"
    )
    assert warnings_of(write_deck(boilerplate_deck(8, 3))) == []
    assert warnings_of(write_deck(boilerplate_deck(8, 6)), LintSettings(phrase_share=0.9)) == []


def test_common_question_words_are_no_boilerplate(write_deck: Callable[..., Path]) -> None:
    notes = "".join(basic(f"t/n{i}", f"What does the topic{i} mean?", f"a{i}") for i in range(8))
    assert warnings_of(write_deck(HEADER + notes)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amazon's $2.99 refund (환불)", ["amazon", "2.99", "refund", "환불"]),
        ("**300,000** dollars", ["300,000", "dollars"]),
    ],
)
def test_words_keep_numbers_whole_and_drop_possessives(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_answer_words_drop_the_gloss_and_a_leading_article() -> None:
    assert answer_words("The flywheel (플라이휠)") == ("flywheel",)
    assert answer_words("A") == ("a",)


def test_check_prints_warnings_and_strict_fails_on_them(
    isolated_env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    path = write_deck(HEADER + basic("t/long", "What is it?", " ".join(["word"] * 16)), "w.toml")
    relaxed = flywheel("check", str(path), env=isolated_env)
    assert relaxed.returncode == 0, relaxed.stdout
    assert f"{path}:6: t/long: en.back: warning: answer runs to 16 words" in relaxed.stdout
    assert relaxed.stdout.strip().endswith("ok: 1 deck, 1 note, 1 card, 1 warning")
    strict = flywheel("check", "--strict", str(path), env=isolated_env)
    assert strict.returncode == 1
    assert strict.stdout.strip().endswith("1 warning found (--strict)")


def test_the_config_sets_the_thresholds(
    isolated_env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    path = write_deck(HEADER + basic("t/long", "What is it?", " ".join(["word"] * 16)), "w.toml")
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("[lint]\nanswer_words = 20\n", "utf-8")
    result = flywheel("check", "--strict", str(path), env=isolated_env)
    assert result.returncode == 0, result.stdout
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("[lint]\nanswer_word = 20\n", "utf-8")
    result = flywheel("check", str(path), env=isolated_env)
    assert result.returncode == 2
    assert "lint.answer_word: unknown key" in result.stderr


def test_the_built_in_decks_pass_check_strict(isolated_env: dict[str, str]) -> None:
    result = flywheel("check", "--strict", env=isolated_env)
    assert result.returncode == 0, result.stdout
    assert "warning" not in result.stdout
    assert result.stdout.startswith("ok: 5 decks")


def test_a_deck_over_max_notes_is_checked_for_problems_only(
    isolated_env: dict[str, str], write_deck: Callable[..., Path]
) -> None:
    long = " ".join(["word"] * 16)
    path = write_deck(
        HEADER + basic("t/a", "What is it?", long) + basic("t/b", "Q?", "A"), "w.toml"
    )
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("[lint]\nmax_notes = 1\n", "utf-8")
    result = flywheel("check", "--strict", str(path), env=isolated_env)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "ok: 1 deck, 2 notes, 2 cards",
        "wording not checked in 1 file of more than 1 note (lint.max_notes)",
    ]

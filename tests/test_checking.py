"""`flywheel check` across worker processes finds exactly what reading the decks in turn finds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cards.decks import checking
from cards.decks.checking import CheckReport, check_files
from cards.decks.loading import load_collection
from tests.conftest import GOOD_DECK


def as_text(report: CheckReport) -> tuple[list[str], int, int, int]:
    return [str(problem) for problem in report.problems], report.decks, report.notes, report.cards


def test_workers_and_one_process_agree_with_loading_the_collection(
    write_deck: Callable[..., Path],
) -> None:
    paths = [
        write_deck(GOOD_DECK, "a.toml"),
        write_deck(GOOD_DECK.replace("Test::Basics", "Again"), "b.toml"),  # every id a duplicate
        write_deck('name = "Broken', "c.toml"),
        write_deck(GOOD_DECK.replace("Test::Basics", "Other").replace("test/", "o/"), "d.toml"),
        write_deck(GOOD_DECK.replace('kind = "basic"', 'kind = "cloze"'), "e.toml"),
    ]
    in_workers = check_files(paths, parallel_from_bytes=0)
    in_turn = check_files(paths, parallel_from_bytes=10**12)
    assert as_text(in_workers) == as_text(in_turn)

    collection = load_collection(paths)
    problems, decks, notes, cards = as_text(in_workers)
    assert problems == [str(problem) for problem in collection.problems]
    assert decks == len(collection.decks) == 2
    assert notes == sum(len(deck_file.deck.notes) for deck_file in collection.decks) == 6
    assert cards == sum(1 for _ in collection.cards()) == 10
    assert any("duplicate note id" in problem for problem in problems)
    assert any("TOML syntax" in problem for problem in problems)


def test_without_worker_processes_the_files_are_checked_in_turn(
    write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(checking, "ProcessPoolExecutor", no_processes)
    paths = [write_deck(GOOD_DECK, "a.toml"), write_deck(GOOD_DECK, "b.toml")]
    report = check_files(paths, parallel_from_bytes=0)
    assert (report.decks, report.notes, report.cards) == (1, 3, 5)
    assert len(report.problems) == 3  # b.toml repeats a.toml's three ids

"""`flywheel check` at scale: deck files are read side by side in worker processes.

Validation is CPU-bound and each file can be checked alone. Only the note ids (to find duplicates
across files) and card counts come back from a worker: sending the validated notes back would cost
as much as validating them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from cards.decks.lint import lint_deck
from cards.decks.lint_settings import LintSettings
from cards.decks.loading import NoteIds, read_deck
from cards.decks.problems import Problem

PARALLEL_FROM_BYTES = 2_000_000
"""Below this many bytes of deck files, starting worker processes costs more than it saves."""
PARALLEL_FROM_BYTES_LINTED = 400_000
"""The same, when the formulation warnings (several times the cost of validation) are wanted."""


@dataclass(frozen=True)
class FileSummary:
    """One deck file, checked: its problems and, if it could be read, its sound notes."""

    path: Path
    problems: list[Problem]
    notes: tuple[tuple[str, int], ...] | None  # (note id, cards), in file order
    warnings: list[Problem] = field(default_factory=list)
    unlinted: bool = False


@dataclass
class CheckReport:
    """Every problem of the files checked, and what they hold once duplicates are left out."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unlinted: int = 0  # files too large for the formulation warnings (`LintSettings.max_notes`)
    decks: int = 0
    notes: int = 0
    cards: int = 0


def summarise(path: Path, lint: LintSettings | None = None) -> FileSummary:
    """Check one deck file (in a worker process, where it is worth it); `lint` adds warnings."""
    deck_file, problems = read_deck(path)
    if deck_file is None:
        return FileSummary(path, problems, None)
    notes = tuple((note.id, len(note.templates())) for note in deck_file.deck.notes)
    if lint is None:
        return FileSummary(path, problems, notes)
    unlinted = len(notes) > lint.max_notes
    return FileSummary(path, problems, notes, lint_deck(path, deck_file.deck, lint), unlinted)


def check_files(
    paths: list[Path],
    parallel_from_bytes: int | None = None,
    lint: LintSettings | None = None,
) -> CheckReport:
    """Check every deck file, and note ids across all of them, as `load_collection` would.

    With `lint`, each file's formulation warnings (see `cards.decks.lint`) are reported too.
    """
    if parallel_from_bytes is None:
        parallel_from_bytes = PARALLEL_FROM_BYTES if lint is None else PARALLEL_FROM_BYTES_LINTED
    report = CheckReport()
    note_ids = NoteIds()
    for summary in _summaries(paths, parallel_from_bytes, lint):
        report.problems.extend(summary.problems)
        report.warnings.extend(summary.warnings)
        report.unlinted += summary.unlinted
        if summary.notes is None:
            continue
        firsts, duplicates = note_ids.claim(summary.path, [note_id for note_id, _ in summary.notes])
        report.problems.extend(duplicates)
        cards = [count for (_, count), first in zip(summary.notes, firsts, strict=True) if first]
        if cards:
            report.decks += 1
            report.notes += len(cards)
            report.cards += sum(cards)
    return report


def _summaries(
    paths: list[Path], parallel_from_bytes: int, lint: LintSettings | None
) -> Iterator[FileSummary]:
    """Each file's summary, in order; in workers, the first are handled while the rest run."""
    check = partial(summarise, lint=lint)
    workers = min(len(paths), os.cpu_count() or 1)
    if workers < 2 or _total_bytes(paths) < parallel_from_bytes:
        yield from map(check, paths)
        return
    try:
        pool = ProcessPoolExecutor(max_workers=workers)
    except (OSError, NotImplementedError):  # no worker processes to be had here
        yield from map(check, paths)
        return
    with pool:
        yield from pool.map(check, paths)


def _total_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reading it will report the problem
    return total

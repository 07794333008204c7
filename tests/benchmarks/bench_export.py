"""Benchmark: `flywheel export` against genanki alone, on 10,000 synthetic notes.

Run by hand (pytest does not collect it):

    uv run python tests/benchmarks/bench_export.py [--notes 10000] [--repeats 5]

(a) is our whole export: Markdown to HTML, tags, GUIDs, the package written atomically.
(b) is genanki alone writing the same notes with plain models, the field HTML prepared beforehand:
the floor that any genanki-based export pays. Target: (a) <= 1.3 x (b).
(c) is (a) with every card reviewed: its schedule and six review-log rows written as well.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import genanki

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.anki.export import export_apkg  # noqa: E402
from cards.anki.export_notes import note_fields, note_guid, note_tags  # noqa: E402
from cards.anki.export_schedule import Schedules  # noqa: E402
from cards.anki.note_types import MODEL_SPECS  # noqa: E402
from cards.decks.models import Deck  # noqa: E402
from cards.schedule.card_schedules import AnkiAnswer, CardSchedule  # noqa: E402
from cards.schedule.sm2 import SM2State  # noqa: E402
from tests.benchmarks.export_decks import synthetic_decks  # noqa: E402

TARGET = 1.3


def plain_genanki(decks: list[Deck], folder: Path) -> Callable[[], Path]:
    """genanki alone: plain models, the same notes, field HTML prepared outside the timing."""
    prepared = [
        (
            deck.name,
            [
                (
                    note.kind,
                    note_fields(note, "both", deck.source),
                    note_tags(note, deck.source),
                    note_guid(note.id),
                )
                for note in deck.notes
            ],
        )
        for deck in decks
    ]

    def run() -> Path:
        models = {
            kind: genanki.Model(
                spec.id,
                spec.name,
                fields=[{"name": field.name} for field in spec.fields],
                templates=[
                    {"name": t.name, "qfmt": t.qfmt, "afmt": t.afmt} for t in spec.templates
                ],
                model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
            )
            for kind, spec in MODEL_SPECS.items()
        }
        anki_decks = []
        for index, (name, notes) in enumerate(prepared):
            anki_deck = genanki.Deck(1 << 30 | index, name)
            for kind, fields, tags, guid in notes:
                anki_deck.add_note(genanki.Note(models[kind], fields, tags=tags, guid=guid))
            anki_decks.append(anki_deck)
        path = folder / "genanki.apkg"
        genanki.Package(anki_decks).write_to_file(str(path), timestamp=1_700_000_000)
        return path

    return run


def ours(decks: list[Deck], folder: Path) -> Callable[[], Path]:
    def run() -> Path:
        path = folder / "flywheel.apkg"
        export_apkg(decks, path, timestamp=1_700_000_000)
        return path

    return run


def reviewed(decks: list[Deck], today: date = date(2026, 1, 15)) -> Schedules:
    """Every card answered six times, due within the next 60 days."""
    rng = random.Random(7)
    cards = {}
    for deck in decks:
        for note in deck.notes:
            for card_id in note.card_ids():
                answers = [
                    AnkiAnswer(1_700_000_000_000 + day * 86_400_000, 3, 6, 1, 2500, 0, 1)
                    for day in range(6)
                ]
                due = today + timedelta(days=rng.randrange(60))
                cards[card_id] = CardSchedule(SM2State(3, 250, 16, due), 6, 0, False, None, answers)
    return Schedules(cards, today)


def with_schedules(decks: list[Deck], folder: Path) -> Callable[[], Path]:
    schedules = reviewed(decks)

    def run() -> Path:
        path = folder / "scheduled.apkg"
        export_apkg(decks, path, timestamp=1_700_000_000, schedules=schedules)
        return path

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--markup", type=float, default=1.0, help="scale the share of fields with Markdown"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one run of ours")
    args = parser.parse_args()

    decks = synthetic_decks(args.notes, args.markup)
    notes = sum(len(deck.notes) for deck in decks)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        # genanki leaves its SQLite file in the temp folder on every write; keep those in here.
        tempfile.tempdir = str(folder)
        try:
            runs = {
                "flywheel export": ours(decks, folder),
                "genanki alone": plain_genanki(decks, folder),
                "with schedules": with_schedules(decks, folder),
            }
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(runs["flywheel export"])
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                return
            wall: dict[str, list[float]] = {name: [] for name in runs}
            cpu: dict[str, list[float]] = {name: [] for name in runs}
            sizes: dict[str, int] = {}
            for run in runs.values():  # warm-up: imports, regex compilation, page cache
                run()
            for _ in range(args.repeats):
                for name, run in runs.items():  # interleaved, so drift hits both alike
                    start, start_cpu = time.perf_counter(), time.process_time()
                    path = run()
                    wall[name].append(time.perf_counter() - start)
                    cpu[name].append(time.process_time() - start_cpu)
                    sizes[name] = path.stat().st_size
        finally:
            tempfile.tempdir = None

    print(
        f"{notes} notes (markup x{args.markup:g}), median of {args.repeats} runs "
        f"(Python {sys.version.split()[0]})"
    )
    print(f"{'':18} {'median':>9} {'min':>9} {'max':>9} {'cpu':>9} {'package':>10}")
    for name, values in wall.items():
        print(
            f"{name:18} {statistics.median(values):8.3f}s {min(values):8.3f}s "
            f"{max(values):8.3f}s {statistics.median(cpu[name]):8.3f}s {sizes[name] / 1e6:8.2f}MB"
        )
    ours_name, theirs, _ = runs
    ratio = statistics.median(wall[ours_name]) / statistics.median(wall[theirs])
    cpu_ratio = statistics.median(cpu[ours_name]) / statistics.median(cpu[theirs])
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"ratio {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu (target <= {TARGET}x): {verdict}")


if __name__ == "__main__":
    main()

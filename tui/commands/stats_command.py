"""`flywheel stats [--json]`: counts, retention and the 30-day forecast, for people or scripts."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from cards.decks.printable import printable
from cards.store.session import format_duration
from cards.store.stats import Stats
from cards.workspace import Workspace
from tui.commands.plumbing import warn_about


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    store, report = workspace.open_store()
    with store:
        warn_about(store, report, workspace)
        stats = store.stats(workspace.today)
    print(json.dumps(as_json(stats), ensure_ascii=False, indent=2) if args.json else as_text(stats))
    return 0


def as_json(stats: Stats) -> dict[str, object]:
    return {
        "today": stats.today.isoformat(),
        "reviews": stats.reviews,
        "answers_today": stats.answers_today,
        "due": stats.due,
        "new": stats.new,
        "drill": stats.drill,
        "decks": [asdict(deck) for deck in stats.decks],
        "retention_30d": stats.retention_30d,
        "forecast": stats.forecast,
        "retention_by_week": [
            {"week": start.isoformat(), "retention": value}
            for start, value in stats.retention_by_week
        ],
        "easiness": {f"{key:.2f}": count for key, count in stats.easiness.items()},
        "maturity": stats.maturity,
        "study_seconds_today": round(stats.study_seconds_today, 1),
        "median_answer_seconds": stats.median_answer_seconds,
    }


def as_text(stats: Stats) -> str:
    retention = "-" if stats.retention_30d is None else f"{stats.retention_30d:.0%}"
    lines = [
        f"study day {stats.today}: {stats.due} due, {stats.new} new, {stats.drill} drill; "
        f"answers today: {stats.answers_today}",
        f"answers logged in all: {stats.reviews}; retention over 30 days: {retention}",
        "",
        f"{'deck':<40} {'due':>5} {'new':>5} {'drill':>5} {'cards':>6}",
    ]
    for deck in stats.decks:
        counts = f"{deck.due:>5} {deck.new:>5} {deck.drill:>5} {deck.cards:>6}"
        lines.append(f"{printable(deck.deck):<40} {counts}")
    lines += ["", "next 30 days: " + " ".join(str(count) for count in stats.forecast)]
    maturity = ", ".join(f"{count} {name}" for name, count in stats.maturity.items())
    lines.append(f"cards: {maturity}")
    median = stats.median_answer_seconds
    lines.append(
        f"time answering today: {format_duration(stats.study_seconds_today)}; "
        f"median answer over 30 days: {'-' if median is None else f'{median:.1f} s'}"
    )
    return "\n".join(lines)

"""The table the scale benchmark prints, and what it ran under."""

from __future__ import annotations

import os


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, notes: int, what: str, ours: str, base: str, ratio: str, target: str) -> None:
        self.rows.append((f"{notes:,}", what, ours, base, ratio, target))

    def print(self) -> None:
        header = ("notes", "what", "flywheel", "baseline", "ratio", "target")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(len(header))]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in self.rows:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def load_average() -> str:
    """The 1, 5 and 15-minute load averages: on a shared machine, what the figures ran under."""
    return ", ".join(f"{figure:.2f}" for figure in os.getloadavg())

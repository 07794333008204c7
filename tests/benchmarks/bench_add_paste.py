"""A paste into a one-line field of the add form, as bracketed paste and as a flood of keys.

    uv run python tests/benchmarks/bench_add_paste.py --sizes 2000,10000 --repeats 3

Prints medians (milliseconds) until the field has taken the text in, for Textual's own `Input`
(the baseline, no limit) beside the form's `CappedInput` (4,000 characters), in one headless app:
- the text as one paste event (a terminal with bracketed paste);
- the text as one key event a character (a terminal without it, or `tmux send-keys`).
It measures; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from cards.decks.authoring import MAX_TEXT_LENGTH  # noqa: E402
from tui.app.widgets.capped_input import CappedInput  # noqa: E402


class Fields(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="plain")
        yield CappedInput(max_length=MAX_TEXT_LENGTH, id="capped")


async def one_run(field_id: str, size: int, as_keys: bool) -> float:
    text = ("word " * (size // 5 + 1))[:size]
    app = Fields()
    async with app.run_test(size=(100, 10)) as pilot:
        field = app.query_one(f"#{field_id}", Input)
        field.focus()
        await pilot.pause()
        start = time.perf_counter()
        if as_keys:
            for char in text:
                key = "space" if char == " " else char
                field.post_message(events.Key(key, char))
        else:
            field.post_message(events.Paste(text))
        await pilot.pause()
        await pilot.press("end")  # queued behind the text: handled once it all is
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'characters':>10} {'delivery':>8} {'Input ms':>10} {'CappedInput ms':>15}")
    for size in (int(part) for part in args.sizes.split(",")):
        for as_keys in (False, True):
            figures = []
            for field_id in ("plain", "capped"):
                runs = [asyncio.run(one_run(field_id, size, as_keys)) for _ in range(args.repeats)]
                figures.append(statistics.median(runs))
            delivery = "keys" if as_keys else "paste"
            print(f"{size:>10} {delivery:>8} {figures[0]:>10.0f} {figures[1]:>15.0f}")


if __name__ == "__main__":
    main()

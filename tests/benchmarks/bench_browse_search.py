"""Browse's search in SQL alone, without the screen: what part of a search's key to paint is the
query, at scale.

    uv run python tests/benchmarks/bench_browse_search.py --sizes 100000 --repeats 5

For each size it builds the synthetic collection `bench_screens.py` uses and times
`cards.store.browse_search.search` for the same searches, beside listing every card in use (no
query) in the same run. It prints medians; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cards.store.browse_search import search  # noqa: E402
from cards.store.database import connect  # noqa: E402
from cards.store.store import Store  # noqa: E402
from tests.benchmarks.bench_screens import SEARCHES  # noqa: E402
from tests.benchmarks.synthetic import TODAY, add_history, write_decks  # noqa: E402


def median_ms(db_path: Path, query: str, repeats: int) -> tuple[float, int]:
    """The median time of `repeats` searches for `query` (after one to warm the cache)."""
    db = connect(db_path)
    try:
        found = search(db, query, TODAY)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            found = search(db, query, TODAY)
            times.append(time.perf_counter() - start)
    finally:
        db.close()
    return statistics.median(times) * 1000, len(found.card_ids)


def bench(size: int, repeats: int, root: Path) -> None:
    paths = write_decks(root / f"decks-{size}", size)
    db = root / f"collection-{size}.sqlite3"
    with Store.open(db) as store:
        store.sync(paths)
    add_history(db, seed=size)
    every, count = median_ms(db, "", repeats)
    print(f"| {size:,} | every card listed, no query | {count:,} | {every:.0f} ms | |")
    for query in SEARCHES:
        took, matches = median_ms(db, query, repeats)
        print(f"| {size:,} | `{query}` | {matches:,} | {took:.0f} ms | {took / every:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated note counts")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per search")
    args = parser.parse_args()
    print("| notes | search | matches | median | beside listing all |\n|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(part) for part in args.sizes.split(",")):
            bench(size, args.repeats, Path(scratch))


if __name__ == "__main__":
    main()

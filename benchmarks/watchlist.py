"""Watchlist queries over a warehouse of synthetic articles (5 KB of text each, 100,000 by default):
how long a new watch takes to answer (matched against every stored article, then counted) and how
long the mention counts take once it is stored.

    .venv/bin/python benchmarks/watchlist.py [--articles 100000]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from parsers.records import SourceBatch  # noqa: E402
from parsers.sources import Watch  # noqa: E402
from warehouse import Warehouse  # noqa: E402
from warehouse_load import make_batches  # noqa: E402


def word_in_one_percent(batch: SourceBatch) -> str:
    """A word of the texts found in about 1 % of them."""
    df = Counter(w for p in batch.pages for w in set(p.article.text.replace(".", " ").split()))
    return min(sorted(df), key=lambda w: abs(df[w] - len(batch.pages) / 100))


def rare_phrase(batch: SourceBatch) -> str:
    """Two adjacent words of the first text."""
    words = batch.pages[0].article.text.replace(".", " ").split()
    return f"{words[40]} {words[41]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100000)
    args = parser.parse_args()
    batches = make_batches(args.articles, 2000)
    watch = Watch("bench", f'"{rare_phrase(batches[0])}" OR ({word_in_one_percent(batches[0])} AND NOT zzzz)')
    with tempfile.TemporaryDirectory() as tmp:
        wh = Warehouse(Path(tmp) / "watch.duckdb")
        wh.migrate()
        with wh.write():
            for batch in batches:
                wh.load_batch(batch)
        started = time.perf_counter()
        wh.set_watches([watch])
        counts = wh.mention_counts(by="source")
        first = time.perf_counter() - started
        started = time.perf_counter()
        by_day = wh.mention_counts()
        again = time.perf_counter() - started
    matched = sum(c.count for c in counts)
    print(f"{args.articles} articles, watch {watch.query!r}: {matched} mentions")
    print(f"  {first:6.2f} s  a new watch matched against every article, then its counts by source")
    print(f"  {again:6.3f} s  its counts by day ({len(by_day)} days), once stored")


if __name__ == "__main__":
    main()

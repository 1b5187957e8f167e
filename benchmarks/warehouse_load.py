"""Warehouse load rate: synthetic articles (5 KB of text each, with their raw HTML and fetch log
rows) loaded through `Warehouse.load_batch` into a fresh DuckDB file.

Three ways: the file released between loads; held open, each batch staged and written by one
thread; held open with the batches staged by another thread (`stage_batch`, as the ingest's
source tasks do before handing a batch to the writer thread), so staging overlaps the writes.

    .venv/bin/python benchmarks/warehouse_load.py [--articles 50000] [--batch 2000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import queue
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.records import Article, FetchResult, PageRecord, SourceBatch  # noqa: E402
from parsers.sources import Watch  # noqa: E402
from warehouse import StagedBatch, Warehouse, stage_batch  # noqa: E402

TEXT_BYTES = 5000


def make_batches(n: int, size: int, seed: int = 7) -> list[SourceBatch]:
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
        for _ in range(20000)
    ]
    weights = [1 / rank for rank in range(1, len(vocab) + 1)]  # Zipf, like natural language
    cum_weights = list(itertools.accumulate(weights))  # once: the same draws as weights=
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    batches = []
    for b in range(0, n, size):
        pages, fetches = [], []
        for i in range(b, min(b + size, n)):
            paragraphs, length = [], 0
            while length < TEXT_BYTES:
                para = " ".join(rng.choices(vocab, cum_weights=cum_weights, k=60)) + "."
                paragraphs.append(para)
                length += len(para) + 2
            text = "\n\n".join(paragraphs)[:TEXT_BYTES]
            url = f"https://outlet{i % 20}.example/news/{i}"
            at = start + timedelta(seconds=i)
            html = f"<html><head><title>Story {i}</title></head><body><article><p>{text}</p></article></body></html>"
            article = Article(
                url=url, canonical_url=url, title=f"Story {i}", text=text, authors=["A. Writer"],
                published=at, language="en", tags=["news"], extractor_version="bench",
            )
            pages.append(PageRecord("bench", url, at, html.encode(), article, final_url=url,
                                    content_type="text/html", http_status=200))
            fetches.append(FetchResult(url, url, 200, "text/html", elapsed=0.2, attempts=1, fetched_at=at))
        batches.append(SourceBatch("bench", "bench-run", pages=pages, fetches=fetches))
    return batches


def staged_ahead(batches: list[SourceBatch]) -> Iterator[StagedBatch]:
    """The batches staged by a producer thread, at most two ahead of the consumer."""
    ready: queue.Queue[StagedBatch | None] = queue.Queue(maxsize=2)

    def produce() -> None:
        for batch in batches:
            ready.put(stage_batch(batch))
        ready.put(None)

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    while (staged := ready.get()) is not None:
        yield staged
    producer.join()


def run(batches: list[SourceBatch], hold_file: bool, stage_ahead: bool) -> tuple[int, float, float, int]:
    """Articles loaded, wall seconds, CPU seconds (every thread of the process: DuckDB's, the
    compression pool's, the staging thread's), file size: into a fresh file, one `load_batch`
    per batch."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        wh = Warehouse(path)
        wh.migrate()
        wh.set_watches([Watch("mek", '"MEK" OR "PMOI"'), Watch("bench", "outlet AND NOT zzzz")])
        started, cpu_started = time.perf_counter(), time.process_time()
        total = 0
        with wh.write() if hold_file else nullcontext():
            for batch in staged_ahead(batches) if stage_ahead else batches:
                total += wh.load_batch(batch).new
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return total, elapsed, cpu, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50000)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    batches = make_batches(args.articles, args.batch)
    print(f"{args.articles} articles, {TEXT_BYTES} B of text each, {args.batch} per batch, "
          f"{os.cpu_count()} cores")
    modes = {
        "file released between batches (each load opens, commits, checkpoints, closes)": (False, False),
        "file held open across batches (a write() block around the loads)": (True, False),
        "file held open, batches staged by another thread (as the ingest hands them over)": (True, True),
    }
    for label, (hold, ahead) in modes.items():
        total, elapsed, cpu, size = run(batches, hold, ahead)
        print(f"  {total / elapsed:>8,.0f} articles/s  {cpu / total * 1e6:>6.0f} us CPU/article  "
              f"({elapsed:.2f} s wall, {cpu:.2f} s CPU, file {size / 1e6:.0f} MB)  {label}")


if __name__ == "__main__":
    main()

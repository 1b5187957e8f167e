"""Warehouse load rate: synthetic articles (5 KB of text each, with their raw HTML and fetch log
rows) loaded through `Warehouse.load_batch` into a fresh DuckDB file.

Three ways: the file released between loads; held open, each batch staged and written by one
thread; as the ingest writes: a producer thread (the source tasks) stages each batch
(`stage_batch`) and queues it to the ingest's writer thread (`flows.loader.Loader`), which
writes whatever is queued as one load, so staging overlaps the writes.

    .venv/bin/python benchmarks/warehouse_load.py [--articles 50000] [--batch 2000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from contextlib import nullcontext
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.records import Article, FetchResult, PageRecord, SourceBatch  # noqa: E402
from parsers.sources import Watch  # noqa: E402
from flows.loader import QUEUED_PAGES, Loader  # noqa: E402
from warehouse import Warehouse, stage_batch  # noqa: E402

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


def through_writer(wh: Warehouse, batches: list[SourceBatch]) -> int:
    """New articles, the batches handed to the ingest's writer thread by a producer thread."""
    with Loader(wh) as loader:
        loads: list[Future] = []
        producer = threading.Thread(target=lambda: loads.extend(loader.load(stage_batch(b)) for b in batches))
        producer.start()
        producer.join()
    return sum(load.result().new for load in loads)


def run(batches: list[SourceBatch], mode: str) -> tuple[int, float, float, int]:
    """Articles loaded, wall seconds, CPU seconds (every thread of the process: DuckDB's, the
    compression pool's, the staging thread's), file size: into a fresh file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        wh = Warehouse(path)
        wh.migrate()
        wh.set_watches([Watch("mek", '"MEK" OR "PMOI"'), Watch("bench", "outlet AND NOT zzzz")])
        started, cpu_started = time.perf_counter(), time.process_time()
        if mode == "writer":
            total = through_writer(wh, batches)
        else:
            with wh.write() if mode == "held" else nullcontext():
                total = sum(wh.load_batch(batch).new for batch in batches)
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
        "released": "file released between batches (each load opens, commits, checkpoints, closes)",
        "held": "file held open across batches (a write() block around the loads)",
        "writer": f"as the ingest writes: staged by another thread, queued to the writer thread "
        f"(at most {QUEUED_PAGES} pages), what is queued written as one load",
    }
    for mode, label in modes.items():
        total, elapsed, cpu, size = run(batches, mode)
        print(f"  {total / elapsed:>8,.0f} articles/s  {cpu / total * 1e6:>6.0f} us CPU/article  "
              f"({elapsed:.2f} s wall, {cpu:.2f} s CPU, file {size / 1e6:.0f} MB)  {label}")


if __name__ == "__main__":
    main()

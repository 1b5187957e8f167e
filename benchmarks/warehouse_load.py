"""Warehouse load rate: synthetic articles (5 KB of text each, with their raw HTML and fetch log
rows) loaded through `Warehouse.load_batch` into a fresh DuckDB file, or into a DuckLake.

Three ways into a file: released between loads; held open, each batch staged and written by one
thread; as the ingest writes: a producer thread (the source tasks) stages each batch
(`stage_batch`, watch matching included) and queues it to the ingest's writer thread
(`flows.run.loader.Loader`), which writes whatever is queued as one load, so staging overlaps the
writes.

    .venv/bin/python benchmarks/warehouse_load.py [--articles 50000] [--batch 2000]
    .venv/bin/python benchmarks/warehouse_load.py --db 'ducklake:postgres:dbname=... host=...' \
        [--writers 2]

A lake (`--db ducklake:...`) must be empty; its data files go to $MEDIAMON_LAKE_DATA, else to a
temporary directory. `--writers N` adds a run of N processes loading disjoint shares of the
articles at once (into a second fresh file; into the same lake, after the first run).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import multiprocessing
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
from flows.run.loader import QUEUED_PAGES, Loader  # noqa: E402
from warehouse import Warehouse, stage_batch  # noqa: E402
from warehouse.db.lake import LAKE_DATA_ENV, is_lake  # noqa: E402

TEXT_BYTES = 5000


def make_batches(n: int, size: int, seed: int = 7, first: int = 0) -> list[SourceBatch]:
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
        for _ in range(20000)
    ]
    weights = [1 / rank for rank in range(1, len(vocab) + 1)]  # Zipf, like natural language
    cum_weights = list(itertools.accumulate(weights))  # once: the same draws as weights=
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    batches = []
    for b in range(first, first + n, size):
        pages, fetches = [], []
        for i in range(b, min(b + size, first + n)):
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
    watches = wh.watch_queries()
    with Loader(wh) as loader:
        loads: list[Future] = []
        producer = threading.Thread(
            target=lambda: loads.extend(loader.load(stage_batch(b, watches=watches)) for b in batches)
        )
        producer.start()
        producer.join()
    return sum(load.result().new for load in loads)


def run(batches: list[SourceBatch], mode: str, db: str | None = None) -> tuple[int, float, float, int]:
    """Articles loaded, wall seconds, CPU seconds (every thread of the process: DuckDB's, the
    compression pool's, the staging thread's), file size (0 for a lake): into `db`, else into a
    fresh file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = db or str(Path(tmp) / "bench.duckdb")
        wh = _fresh_warehouse(path)
        started, cpu_started = time.perf_counter(), time.process_time()
        if mode == "writer":
            total = through_writer(wh, batches)
        else:
            with wh.write() if mode == "held" else nullcontext():
                total = sum(wh.load_batch(batch).new for batch in batches)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return total, elapsed, cpu, 0 if is_lake(path) else Path(path).stat().st_size


def _fresh_warehouse(db: str) -> Warehouse:
    wh = Warehouse(db)
    wh.migrate()
    wh.set_watches([Watch("mek", '"MEK" OR "PMOI"'), Watch("bench", "outlet AND NOT zzzz")])
    return wh


class _Conflicts(logging.Handler):
    """Counts the lake's commit-conflict retries (one warning each)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "commit conflict" in record.getMessage()


def _writer(db: str, first: int, n: int, size: int, go, results) -> None:
    """One of the concurrent writers: its own `n` articles from number `first` on."""
    conflicts = _Conflicts()
    logging.getLogger("warehouse.db.lake").addHandler(conflicts)
    batches = make_batches(n, size, seed=first + 7, first=first)
    wh = Warehouse(db)
    wh.migrate()
    go.wait()
    cpu_started = time.process_time()
    total = sum(wh.load_batch(batch).new for batch in batches)
    results.put((total, time.process_time() - cpu_started, conflicts.count))


def run_writers(db: str, writers: int, n: int, size: int, first: int) -> tuple[int, float, float, int]:
    """Articles loaded, wall seconds, CPU seconds (all writers), conflicts retried: `writers`
    processes started together, each loading its own share of `n` articles."""
    ctx = multiprocessing.get_context("spawn")
    go, results = ctx.Barrier(writers + 1), ctx.Queue()
    share = n // writers
    procs = [
        ctx.Process(target=_writer, args=(db, first + k * share, share, size, go, results)) for k in range(writers)
    ]
    for proc in procs:
        proc.start()
    go.wait()
    started = time.perf_counter()
    done = [results.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join()
    return sum(d[0] for d in done), elapsed, sum(d[1] for d in done), sum(d[2] for d in done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--db", help="an empty DuckLake (ducklake:...) to load instead of fresh files")
    parser.add_argument("--writers", type=int, default=0, metavar="N", help="also N processes at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.db and is_lake(args.db):
            os.environ.setdefault(LAKE_DATA_ENV, str(Path(tmp) / "lake-data"))
        _report(args, tmp)


def _report(args: argparse.Namespace, tmp: str) -> None:
    batches = make_batches(args.articles, args.batch)
    print(f"{args.articles} articles, {TEXT_BYTES} B of text each, {args.batch} per batch, "
          f"{os.cpu_count()} cores")
    if args.db:
        modes = {"released": f"each load its own transaction, into {args.db}"}
    else:
        modes = {
            "released": "file released between batches (each load opens, commits, checkpoints, closes)",
            "held": "file held open across batches (a write() block around the loads)",
            "writer": f"as the ingest writes: staged by another thread, queued to the writer thread "
            f"(at most {QUEUED_PAGES} pages), what is queued written as one load",
        }
    for mode, label in modes.items():
        total, elapsed, cpu, size = run(batches, mode, args.db)
        print(f"  {total / elapsed:>8,.0f} articles/s  {cpu / total * 1e6:>6.0f} us CPU/article  "
              f"({elapsed:.2f} s wall, {cpu:.2f} s CPU{f', file {size / 1e6:.0f} MB' if size else ''})  {label}")
    if args.writers:
        db = args.db or str(Path(tmp) / "writers.duckdb")
        total, elapsed, cpu, conflicts = run_writers(db, args.writers, args.articles, args.batch, args.articles)
        print(f"  {total / elapsed:>8,.0f} articles/s  {cpu / total * 1e6:>6.0f} us CPU/article  "
              f"({elapsed:.2f} s wall, {cpu:.2f} s CPU, {conflicts} commit conflicts retried)  "
              f"{args.writers} processes at once, disjoint articles")


if __name__ == "__main__":
    main()

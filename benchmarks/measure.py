"""What the ingest benchmark measures besides wall time: peak RSS and time inside load_batch."""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from warehouse import Warehouse


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (getrusage; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class LoadTimer:
    """Seconds spent inside `Warehouse.load_batch` and the new or updated articles it wrote."""

    seconds: float = 0.0
    calls: int = 0
    articles: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@contextmanager
def timed_loads() -> Iterator[LoadTimer]:
    """Wrap `Warehouse.load_batch` for the duration of the block (every thread, every instance).

    The wrapper times the whole call, waiting for the process's DuckDB lock included, so the rate
    is what a source task sees, not DuckDB's raw insert speed.
    """
    timer, lock, original = LoadTimer(), threading.Lock(), Warehouse.load_batch

    def load_batch(self: Warehouse, batch):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        counts = original(self, batch)
        elapsed = time.perf_counter() - started
        with lock:
            timer.seconds += elapsed
            timer.calls += 1
            timer.articles += counts.new + counts.updated
        return counts

    Warehouse.load_batch = load_batch
    try:
        yield timer
    finally:
        Warehouse.load_batch = original

"""What the ingest benchmark measures besides wall time: peak RSS and time inside load_batch."""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (getrusage; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User and system CPU of this process and of its waited-for children so far.

    The extraction workers are waited for when their pool closes, at the end of each ingest run.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # the process has just exited
        pass
    return 0.0


def _workers(pid: int) -> list[int]:
    """This process's multiprocessing children (the extraction pool), not the servers it runs."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                kids = [int(k) for k in children.read().split()]
        except OSError:
            continue
        for kid in kids:
            try:
                with open(f"/proc/{kid}/cmdline", "rb") as cmdline:
                    if b"multiprocessing" in cmdline.read():
                        found.append(kid)
            except OSError:
                continue
    return found


class RunRss:
    """Samples the RSS of this process plus its extraction workers every `every` seconds (Linux).

    A run's memory is both: ru_maxrss counts this process only. The Prefect test server and the
    newsroom server, children too, are left out: they are not part of an ingest run.
    """

    def __init__(self, every: float = 0.1) -> None:
        self.peak_mb = 0.0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)

    def __enter__(self) -> RunRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _rss_mb(me) + sum(_rss_mb(pid) for pid in _workers(me))
            self.peak_mb = max(self.peak_mb, total)
            self._stop.wait(self._every)


@dataclass
class LoadTimer:
    """Seconds spent loading batches (`Warehouse.load_batches`, which `load_batch` calls too) and
    the new or updated articles written."""

    seconds: float = 0.0
    calls: int = 0
    articles: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@contextmanager
def timed_loads() -> Iterator[LoadTimer]:
    """Wrap `Warehouse.load_batches` for the duration of the block (every thread, every instance).

    The wrapper times the whole call, waiting for the process's DuckDB lock included, so the rate
    is what a source task sees, not DuckDB's raw insert speed.
    """
    from warehouse import Warehouse  # here: extraction workers import the benchmark's modules

    timer, lock, original = LoadTimer(), threading.Lock(), Warehouse.load_batches

    def load_batches(self: Warehouse, batches):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        counts = original(self, batches)
        elapsed = time.perf_counter() - started
        with lock:
            timer.seconds += elapsed
            timer.calls += 1
            timer.articles += sum(c.new + c.updated for c in counts)
        return counts

    Warehouse.load_batches = load_batches
    try:
        yield timer
    finally:
        Warehouse.load_batches = original

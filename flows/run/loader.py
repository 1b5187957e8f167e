"""One writer per ingest run: source tasks hand their writes over, a single thread makes them.

DuckDB takes one writer at a time, and every warehouse write opens the file and checkpoints it
when done (~0.1 s, more as the file grows). With each task writing for itself, the tasks queued on
the warehouse lock and the checkpoints added up. Here the writer takes every write waiting at that
moment and makes them in one burst: each write is still its own transaction, and the tasks go on
fetching and extracting meanwhile. The file stays open (`flows.run.warehouse_bursts.writing`) for the
bursts that follow one another without a pause, for HOLD_SECONDS at most, then is checkpointed
and released: readers, in this process or another, get it when the queue runs dry or at the
latest after HOLD_SECONDS.

Loads queued together (`load`) are written as one: `Warehouse.load_batches` makes one statement
per table for all of them, so the writer's cost per article falls as the queue fills, just when
the writer is the bottleneck. Should that load fail, each batch is loaded alone, so a bad batch
fails only its own task. The tasks stage their batches (`stage_batch`) before handing them over:
the writer thread only runs statements.

`max_pages` bounds the pages waiting to be written: a task handing over more waits, so memory
stays flat however far the fetching runs ahead of the warehouse.

`abandon` (a run stopping on a signal) drops the writes still queued, failing them with
`Interrupted`; the burst in progress ends, each of its writes committed whole.

While a loader runs, the interpreter's switch interval is WRITER_SWITCH_INTERVAL: the writer
releases the GIL for every statement and needs it back after, and a thread that holds it in C
(a task staging or extracting: bytes splits, CRCs, Arrow conversions) only lets go when the
switch interval expires, 5 ms by default: that wait, at each of a load's ~40 statements and
calls, made the writer the bottleneck of an ingest.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

from flows.run.warehouse_bursts import writing
from parsers.records import LoadCounts
from warehouse import StagedBatch, Warehouse

T = TypeVar("T")
# Pages waiting for the writer, at most (beyond, tasks wait). The writer writes what is queued as
# one load, so this is also the size of a load when the writer is the bottleneck, large enough
# to be committed straight into the file (`warehouse.db.connect.DIRECT_COMMIT_BYTES`): 11,400 articles
# a second in loads of 2,000 (benchmarks/warehouse_load.py, 50,000 articles). Memory holds up to
# twice this many pages: the queue, and the load being written.
QUEUED_PAGES = 2000
# How long the writer keeps the file while writes keep coming (the next one within QUIET_SECONDS).
# A checkpoint costs ~0.1 s of CPU whatever it writes (~50 us per article with one per 2,000
# articles, benchmarks/warehouse_load.py); a reader waits HOLD_SECONDS at most, well within its
# `read_wait`.
HOLD_SECONDS = 2.0
QUIET_SECONDS = 0.05
# The longest the writer waits for the GIL after a statement, while other threads run Python
# (see the module's docstring). A DuckDB call next to a thread sketching texts took 6.1 ms with
# the default 5 ms, 0.3 ms alone (2 cores).
WRITER_SWITCH_INTERVAL = 0.0005
_switch_lock = threading.Lock()
_switch_users = 0
_switch_before = 0.0


class Interrupted(RuntimeError):
    """The write was dropped, not made: the run is stopping."""


@dataclass(frozen=True, slots=True)
class _Load:
    """A queued load: consecutive ones are written together."""

    batch: StagedBatch

    def __call__(self, warehouse: Warehouse) -> LoadCounts:
        return warehouse.load_batch(self.batch)


class Loader:
    """The run's writer thread; `write` queues a call on the warehouse, `close` drains the queue."""

    def __init__(self, warehouse: Warehouse, max_pages: int = QUEUED_PAGES) -> None:
        self._warehouse = warehouse
        self._max_pages = max_pages
        self._queue: deque[tuple[Callable[[Warehouse], object], int, Future]] = deque()
        self._queued_pages = 0
        self._closed = False
        self._abandoned = False
        self._cond = threading.Condition()
        _short_switches(+1)
        self._counted = True  # until close() counts this loader out
        self._thread = threading.Thread(target=self._run, name="ingest-loader", daemon=True)
        self._thread.start()

    def write(self, call: Callable[[Warehouse], T], pages: int = 0) -> Future[T]:
        """Queue `call(warehouse)`, which carries `pages` pages; blocks while too many are queued."""
        future: Future[T] = Future()
        with self._cond:
            while self._queued_pages and self._queued_pages + pages > self._max_pages and not self._abandoned:
                self._cond.wait()
            if self._abandoned:
                future.set_exception(Interrupted("the run is stopping"))
                return future
            if self._closed:
                raise RuntimeError("the loader is closed")
            self._queue.append((call, pages, future))
            self._queued_pages += pages
            self._cond.notify_all()
        return future

    def load(self, batch: StagedBatch) -> Future[LoadCounts]:
        """Queue the load of `batch`; blocks while too many pages are queued."""
        return self.write(_Load(batch), pages=len(batch.batch.pages))

    def abandon(self) -> None:
        """Drop every queued write and every later one (`Interrupted`); the burst in progress ends."""
        with self._cond:
            self._abandoned = True
            dropped = list(self._queue)
            self._queue.clear()
            self._queued_pages = 0
            self._cond.notify_all()
        for _, _, future in dropped:
            future.set_exception(Interrupted("the run is stopping"))

    def close(self) -> None:
        """Make every queued write, then stop the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
        with self._cond:
            counted, self._counted = self._counted, False
        if counted:
            _short_switches(-1)

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        while burst := self._next_burst(wait=None):
            try:
                with writing(self._warehouse):
                    deadline = time.monotonic() + HOLD_SECONDS
                    while burst:
                        self._write(burst)
                        burst = self._next_burst(wait=QUIET_SECONDS) if time.monotonic() < deadline else []
            except Exception as exc:  # the file could not be opened: every write of the burst failed
                for _, _, future in burst:
                    if not future.done():
                        future.set_exception(exc)

    def _next_burst(self, wait: float | None) -> list[tuple[Callable[[Warehouse], object], int, Future]]:
        """Every write queued now, waiting up to `wait` seconds (None: as long as it takes) for
        one; none once closed and drained. Taken writes no longer count against `max_pages`: the
        next ones queue up while these are written."""
        deadline = None if wait is None else time.monotonic() + wait
        with self._cond:
            while not self._queue and not self._closed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._cond.wait(left)
            burst = list(self._queue)
            self._queue.clear()
            self._queued_pages = 0
            self._cond.notify_all()
            return burst

    def _write(self, burst: list[tuple[Callable[[Warehouse], object], int, Future]]) -> None:
        run: list[tuple[_Load, Future]] = []
        for call, _, future in burst:
            if isinstance(call, _Load):
                run.append((call, future))
                continue
            self._load(run)
            run = []
            self._call(call, future)
        self._load(run)

    def _load(self, run: list[tuple[_Load, Future]]) -> None:
        """Consecutive loads as one; if that fails, one by one."""
        if len(run) > 1:
            try:
                counts = self._warehouse.load_batches([load.batch for load, _ in run])
            except Exception:  # retried alone below: the failure lands on its own batch
                pass
            else:
                for (_, future), c in zip(run, counts):
                    future.set_result(c)
                return
        for load, future in run:
            self._call(load, future)

    def _call(self, call: Callable[[Warehouse], object], future: Future) -> None:
        try:
            future.set_result(call(self._warehouse))
        except Exception as exc:  # the write's own failure, reported to its task
            future.set_exception(exc)


def _short_switches(change: int) -> None:
    """Count a loader in (+1) or out (-1): the first sets WRITER_SWITCH_INTERVAL (if shorter than
    the interpreter's), the last puts the interval back."""
    global _switch_users, _switch_before
    with _switch_lock:
        if change > 0 and _switch_users == 0:
            _switch_before = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_before, WRITER_SWITCH_INTERVAL))
        _switch_users += change
        if change < 0 and _switch_users == 0:
            sys.setswitchinterval(_switch_before)

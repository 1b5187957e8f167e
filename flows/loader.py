"""One writer per ingest run: source tasks hand their writes over, a single thread makes them.

DuckDB takes one writer at a time, and every warehouse write opens the file and checkpoints it
when done (~0.1 s, more as the file grows). With each task writing for itself, the tasks queued on
the warehouse lock and the checkpoints added up. Here the writer takes every write waiting at that
moment and makes them in one burst (`flows.warehouse_bursts.writing`): the file is opened and
checkpointed once per burst, and the tasks go on fetching and extracting meanwhile. Readers, in
this process or another, get the file between bursts.

Loads (`load`) queued next to each other share one transaction: a pass over unchanged feeds hands
over one small batch per source, and a transaction each cost more than loading them (~5 ms of
connection settings and commit per source). Should the shared transaction fail, the batches are
loaded again one by one, so a bad batch fails alone, with its own error.

`max_pages` bounds the pages waiting to be written: a task handing over more waits, so memory
stays flat however far the fetching runs ahead of the warehouse.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from flows.warehouse_bursts import writing
from parsers.records import LoadCounts, SourceBatch
from warehouse import Warehouse

T = TypeVar("T")


class _Load:
    """A queued load: the batch, kept apart from other writes so neighbouring loads can share a
    transaction."""

    def __init__(self, batch: SourceBatch) -> None:
        self.batch = batch

    def __call__(self, warehouse: Warehouse) -> LoadCounts:
        return warehouse.load_batch(self.batch)


class Loader:
    """The run's writer thread; `write` queues a call on the warehouse, `close` drains the queue."""

    def __init__(self, warehouse: Warehouse, max_pages: int) -> None:
        self._warehouse = warehouse
        self._max_pages = max_pages
        self._queue: deque[tuple[Callable[[Warehouse], object], int, Future]] = deque()
        self._queued_pages = 0
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="ingest-loader", daemon=True)
        self._thread.start()

    def write(self, call: Callable[[Warehouse], T], pages: int = 0) -> Future[T]:
        """Queue `call(warehouse)`, which carries `pages` pages; blocks while too many are queued."""
        future: Future[T] = Future()
        with self._cond:
            while self._queued_pages and self._queued_pages + pages > self._max_pages:
                self._cond.wait()
            if self._closed:
                raise RuntimeError("the loader is closed")
            self._queue.append((call, pages, future))
            self._queued_pages += pages
            self._cond.notify_all()
        return future

    def load(self, batch: SourceBatch) -> Future[LoadCounts]:
        """Queue `warehouse.load_batch(batch)`; blocks while too many pages are queued."""
        return self.write(_Load(batch), pages=len(batch.pages))

    def close(self) -> None:
        """Make every queued write, then stop the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if not self._queue:
                    return
                burst = list(self._queue)
                self._queue.clear()
            self._write(burst)
            with self._cond:
                self._queued_pages -= sum(pages for _, pages, _ in burst)
                self._cond.notify_all()

    def _write(self, burst: list[tuple[Callable[[Warehouse], object], int, Future]]) -> None:
        try:
            with writing(self._warehouse):
                for run in _runs(burst):
                    if isinstance(run[0][0], _Load) and len(run) > 1:
                        self._load_together(run)
                    else:
                        self._call_each(run)
        except Exception as exc:  # the file could not be opened: every write of the burst failed
            for _, _, future in burst:
                if not future.done():
                    future.set_exception(exc)

    def _load_together(self, run: list[tuple[_Load, int, Future]]) -> None:
        try:
            counts = self._warehouse.load_batches([load.batch for load, _, _ in run])
        except Exception:  # rolled back: one by one, so only the bad batch fails
            self._call_each(run)
            return
        for (_, _, future), result in zip(run, counts):
            future.set_result(result)

    def _call_each(self, run: list[tuple[Callable[[Warehouse], object], int, Future]]) -> None:
        for call, _, future in run:
            try:
                future.set_result(call(self._warehouse))
            except Exception as exc:  # the write's own failure, reported to its task
                future.set_exception(exc)


def _runs(burst: list[tuple[Callable[[Warehouse], object], int, Future]]) -> list[list]:
    """The burst in order, cut into runs of neighbouring loads and single other writes."""
    runs: list[list] = []
    for item in burst:
        if runs and isinstance(item[0], _Load) and isinstance(runs[-1][0][0], _Load):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs

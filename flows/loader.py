"""One writer per ingest run: source tasks hand their writes over, a single thread makes them.

DuckDB takes one writer at a time, and every warehouse write opens the file and checkpoints it
when done (~0.1 s, more as the file grows). With each task writing for itself, the tasks queued on
the warehouse lock and the checkpoints added up. Here the writer takes every write waiting at that
moment and makes them in one burst (`flows.warehouse_bursts.writing`): each write is still its
own transaction, the file is opened and checkpointed once per burst, and the tasks go on fetching
and extracting meanwhile. Readers, in this process or another, get the file between bursts.

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
from warehouse import Warehouse

T = TypeVar("T")


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
                for call, _, future in burst:
                    try:
                        future.set_result(call(self._warehouse))
                    except Exception as exc:  # the write's own failure, reported to its task
                        future.set_exception(exc)
        except Exception as exc:  # the file could not be opened: every write of the burst failed
            for _, _, future in burst:
                if not future.done():
                    future.set_exception(exc)

"""Article extraction in worker processes.

Extraction is pure Python CPU work (~2-6 ms a page). Run in the source tasks' threads it holds the
GIL most of the time, and every fetching thread then waits for the GIL between two socket reads,
so fetches slow down as much as the extraction itself. In worker processes it runs on the other
cores, and the ingest process keeps its GIL for fetching and loading.

The pool starts on the first page to extract (a worker takes about a second to import the
parsers) and stops with the flow run. Workers are spawned, so, as with any process pool, a script
that runs the flow must keep its top-level code under `if __name__ == "__main__":` (each worker
imports the script's module).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from parsers.article.extract import extract_article
from parsers.records import Article

PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Page:
    """What extracting one fetched page needs."""

    body: bytes
    url: str
    content_type: str | None
    site_chrome: frozenset[str]
    feed_published: datetime | None


def _extract(page: Page) -> Article:
    return extract_article(
        page.body,
        page.url,
        content_type=page.content_type,
        site_chrome=page.site_chrome,
        feed_published=page.feed_published,
    )


def _worker_start() -> None:
    """Workers leave Ctrl-C and SIGTERM sent to the whole process group to the run, which stops
    them (`flows.run.shutdown`): a worker interrupted mid-page would hand its KeyboardInterrupt
    back to the task. They exit once their parent is gone, however it ended (a killed parent
    never shuts its pool down)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


class ExtractionPool:
    """Extracts pages in `workers` processes (default: one per core), started on first use."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def extract(self, pages: list[Page]) -> list[Article]:
        """The articles of `pages`, in order."""
        if not pages:
            return []
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the flow process runs threads and event loops that fork would copy mid-flight
                self._pool = ProcessPoolExecutor(
                    self._workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_worker_start,
                )
        return list(self._pool.map(_extract, pages, chunksize=4))

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

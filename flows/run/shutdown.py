"""Stopping a run on SIGTERM or SIGINT: stop fetching, let the load in progress end, mark the run.

While a run holds `stopping_on_signals()`, either signal requests a stop instead of killing the
process. A helper thread then sets `Shutdown.requested` (source tasks stop at their next page),
runs the `on_stop` callbacks (the writer drops its queued loads), and watches the clock:

* the run's own way out (it marks its row `interrupted` and calls `settled`) gets GRACE_SECONDS;
* past that, the `last_resort` callback marks the row, whatever the run is stuck on (say,
  Prefect's state calls retrying against an ephemeral server that died with the same Ctrl-C);
* at EXIT_SECONDS the process exits (status 128 + the signal) if it is still there, which also
  releases the writer slot and rolls back a transaction still open.

The handlers replace Prefect's SIGTERM bridge for the block and are restored after it.
`stoppable_run` wraps a flow's whole run row in this: it records the run and makes the last
resort mark it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flows.run.owner import start_owned_run
from warehouse import Warehouse

GRACE_SECONDS = 6.0
EXIT_SECONDS = 9.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Shutdown:
    """The stop request of one run, and what to do about it."""

    def __init__(self, grace: float = GRACE_SECONDS, exit_after: float = EXIT_SECONDS) -> None:
        self.requested = threading.Event()
        self.signal: signal.Signals | None = None
        self._grace, self._exit_after = grace, exit_after
        self._lock = threading.Lock()
        self._on_stop: list[Callable[[], None]] = []
        self._last_resort: Callable[[], None] | None = None
        self._settled = threading.Event()

    @property
    def signal_name(self) -> str | None:
        return self.signal.name if self.signal is not None else None

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call `callback` (from the helper thread) when a stop is requested, or now if it was."""
        with self._lock:
            if self.signal is None:
                self._on_stop.append(callback)
                return
        _quietly(callback)

    def last_resort(self, callback: Callable[[], None]) -> None:
        """What marks the run if the run has not `settled` GRACE_SECONDS after the signal."""
        self._last_resort = callback

    def settled(self) -> None:
        """The run has marked its row: no last resort needed."""
        self._settled.set()

    def request(self, signum: int) -> None:
        """Request a stop (from a signal handler: only sets state and starts a thread)."""
        with self._lock:
            if self.signal is not None:
                return
            self.signal = signal.Signals(signum)
            callbacks, self._on_stop = self._on_stop, []
        threading.Thread(target=self._stop, args=(callbacks,), name="shutdown", daemon=True).start()

    def _stop(self, callbacks: list[Callable[[], None]]) -> None:
        started = time.monotonic()
        self.requested.set()
        for callback in callbacks:
            _quietly(callback)
        if not self._settled.wait(self._grace) and self._last_resort is not None:
            _quietly(self._last_resort)
        time.sleep(max(0.0, started + self._exit_after - time.monotonic()))
        print(f"mediamon: stopped by {self.signal_name}", file=sys.stderr, flush=True)
        os._exit(128 + int(self.signal))


@contextmanager
def stopping_on_signals(shutdown: Shutdown | None = None) -> Iterator[Shutdown]:
    """SIGTERM and SIGINT request a stop of `shutdown` while the block runs.

    Outside the main thread no handler can be installed: the block runs with the signals as
    they were (the stop is then never requested).
    """
    shutdown = shutdown or Shutdown()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            previous[sig] = signal.signal(sig, lambda signum, _frame: shutdown.request(signum))
    try:
        yield shutdown
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def stoppable_run(warehouse: Warehouse, flow: str, sources: list[str], params: dict) -> Iterator[tuple[str, Shutdown]]:
    """Record a run of `flow` as this process's, stopping on signals while the block runs.

    The block checks `shutdown.requested` where it can stop cleanly, marks its row itself and
    calls `shutdown.settled()`; if it has not within the grace period, the row is marked
    `interrupted` without its report.
    """
    with stopping_on_signals() as shutdown:
        run_id = start_owned_run(warehouse, flow, sources, params)
        shutdown.last_resort(lambda: warehouse.finish_run(run_id, "interrupted", _cut_short(run_id, shutdown)))
        yield run_id, shutdown


def _cut_short(run_id: str, shutdown: Shutdown) -> dict:
    """The summary of a run marked by the shutdown's last resort, its report out of reach."""
    return {"run_id": run_id, "interrupted": shutdown.signal_name, "report": "not written: the run did not end in time"}


def _quietly(callback: Callable[[], None]) -> None:
    """A failing callback must not keep the others, or the exit, from happening."""
    try:
        callback()
    except Exception as exc:
        print(f"mediamon: while stopping: {exc!r}", file=sys.stderr, flush=True)

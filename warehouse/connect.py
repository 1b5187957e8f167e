"""Opening the warehouse: a DuckDB file (one writer per process, bounded retries while another
process holds it), or a DuckLake (`warehouse.lake`), which any number of processes write at once.

DuckDB lets one process open a file read-write, or any number of processes open it read-only.
Connections are therefore opened per operation and closed right after, so an analyst's read-only
session (or the next flow run) gets the file between two batches. Inside one process, a DuckDB
file cannot be open read-only and read-write at the same time, so reads and writes of one process
share a lock: both are short.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.lake import is_lake, open_lake

_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()
_READ_WRITE_OPEN: dict[str, int] = {}  # read-write connections this process holds, per file
# The file is checkpointed when its last connection closes: once per burst of writes (a held
# `Warehouse.write()`), once per write otherwise. With DuckDB's default threshold (16 MB of WAL) a
# burst of loads was also checkpointed every few loads: measured on 20,000 articles loaded 2,000
# per transaction, 337 vs 286 us of CPU per article and a 222 vs 160 MB file. The WAL stays the
# crash log either way (committed loads survive a kill and are replayed on the next open).
CHECKPOINT_THRESHOLD = "1GB"
# DuckDB's buffer pool while the file is open read-write: blocks of the stored tables that a
# write burst reads (the dedup and anti-join scans) stay cached until the file is closed, so with
# the default limit (80% of RAM) the cache grew with the warehouse: 23 MB in the first bursts of a
# 50,000-article ingest, 182 MB in its last. Past the limit, cached blocks are evicted (and read
# again from the OS's cache); a burst's own data is far below it. rebuild_search over 20,000
# articles runs in 315 MB with it (875 MB without).
MEMORY_LIMIT = "64MB"
# At every checkpoint (here: each time a burst of writes closes the file), DuckDB merges adjacent
# small row groups of the changed tables ("vacuum") and holds the merged rows uncompressed while
# it writes them: with article texts and raw bodies, +450 MB for a 15,000-row merge at 20,000
# articles, growing with the tables up to 122,880 rows a group. Commit-time checkpoints therefore
# merge nothing (each burst adds its own row groups); `retention.compact` merges them, off the
# ingest path.
COMMIT_VACUUM_TASKS = 0


class WarehouseBusy(RuntimeError):
    """The warehouse file stayed locked by another process for longer than the allowed wait."""


def process_lock(path: str) -> threading.RLock:
    """The lock serialising this process's connections to the file at `path`."""
    key = os.path.realpath(path)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.RLock())


@contextmanager
def open_connection(path: str, *, read_only: bool, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to `path`, retried with backoff for up to `wait` seconds while it is locked.

    A read inside a block that holds the file read-write (say, a burst of calls under one open
    `write()`) gets a read-write connection: DuckDB refuses a read-only one next to it.
    A lake (`path` starting with `ducklake:`) is never locked: `wait` does not apply.
    """
    if is_lake(path):
        with open_lake(path, read_only=read_only) as con:
            con.execute("SET TimeZone = 'UTC'")
            yield con
        return
    key = os.path.realpath(path)
    with process_lock(path):
        read_only = read_only and not _READ_WRITE_OPEN.get(key)
        con = _connect_with_retry(path, read_only, wait)
        if not read_only:
            _READ_WRITE_OPEN[key] = _READ_WRITE_OPEN.get(key, 0) + 1
        try:
            con.execute("SET TimeZone = 'UTC'")
            if not read_only:
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
                con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
                con.execute(f"SET max_vacuum_tasks = {COMMIT_VACUUM_TASKS}")
            yield con
        finally:
            con.close()
            if not read_only:
                _READ_WRITE_OPEN[key] -= 1


def _connect_with_retry(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                mode = "read" if read_only else "write"
                raise WarehouseBusy(
                    f"cannot open {path} to {mode}: another process has held it for {wait:.0f}s "
                    f"({str(exc).splitlines()[0]})"
                ) from None
            time.sleep(min(delay, max(deadline - time.monotonic(), 0.0)))
            delay = min(delay * 2, 0.25)

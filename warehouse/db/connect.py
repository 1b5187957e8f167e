"""Opening the warehouse: a DuckDB file (one writer per process, bounded retries while another
process holds it), or a DuckLake (`warehouse.db.lake`), which any number of processes write at once.

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

from warehouse.db.lake import is_lake, open_lake
from warehouse.db.sandbox import sandbox

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
# FSST (DuckDB's string compression for short, distinct strings: URLs, titles, hashes) is the
# costliest method a checkpoint tries on every string column. Measured on a warehouse of 20,000
# articles, committing 2,000 more: 105 ms with it, 60 ms without (articles 39 -> 24, pages 41 -> 18).
# Writes therefore leave it out; `retention.compact`, which rewrites the row groups loads leave,
# turns it back on, so the file the analysts read is compressed as usual.
LOAD_DISABLED_COMPRESSION = "fsst"
# A commit goes to the WAL, and the WAL into the file at the next checkpoint: every byte written
# twice, the second time when the writer releases the file. A commit at least this large is made
# by a checkpoint instead, which writes the transaction's rows into the file once and skips the
# WAL (DuckDB does so for commits above `auto_checkpoint_skip_wal_threshold`, 100 kB). A checkpoint
# has a fixed cost (metadata of every table, two syncs): measured on 50,000 articles, loads of 200
# are faster through the WAL (18.5 s against 28.5 s), loads of 500 and more through a checkpoint
# (9.3 against 10.7 s at 500, 4.0 against 7.7 s at 2,000). A load of 500 articles stages ~4 MB.
DIRECT_COMMIT_BYTES = 4_000_000


class WarehouseBusy(RuntimeError):
    """The warehouse file stayed locked by another process for longer than the allowed wait."""


def process_lock(path: str) -> threading.RLock:
    """The lock serialising this process's connections to the file at `path`."""
    key = os.path.realpath(path)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.RLock())


@contextmanager
def open_connection(
    path: str, *, read_only: bool, wait: float, sandboxed: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to `path`, retried with backoff for up to `wait` seconds while it is locked.

    A read inside a block that holds the file read-write (say, a burst of calls under one open
    `write()`) gets a read-write connection: DuckDB refuses a read-only one next to it.
    A lake (`path` starting with `ducklake:`) is never locked: `wait` does not apply.
    `sandboxed` (read-only only) is for SQL written by someone else: see `sandbox`.
    """
    if sandboxed and not read_only:
        raise ValueError("a sandboxed connection is read-only")
    if is_lake(path):
        with open_lake(path, read_only=read_only, sandboxed=sandboxed) as con:
            if not sandboxed:  # a sandboxed lake was set to UTC before its settings were locked
                con.execute("SET TimeZone = 'UTC'")
            yield con
        return
    key = os.path.realpath(path)
    with process_lock(path):
        if sandboxed and _READ_WRITE_OPEN.get(key):
            # The sandbox's settings hold for the whole database instance, which the writer shares.
            raise WarehouseBusy(f"cannot open {path} for analyst SQL while this process writes it")
        read_only = read_only and not _READ_WRITE_OPEN.get(key)
        con = _connect_with_retry(path, read_only, wait)
        if not read_only:
            _READ_WRITE_OPEN[key] = _READ_WRITE_OPEN.get(key, 0) + 1
        try:
            con.execute("SET TimeZone = 'UTC'")
            if sandboxed:
                sandbox(con)
            if not read_only:
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
                con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
                con.execute(f"SET max_vacuum_tasks = {COMMIT_VACUUM_TASKS}")
                con.execute(f"SET disabled_compression_methods = '{LOAD_DISABLED_COMPRESSION}'")
            yield con
        finally:
            con.close()
            if not read_only:
                _READ_WRITE_OPEN[key] -= 1


def commit(con: duckdb.DuckDBPyConnection, *, direct: bool = False) -> None:
    """Commit the transaction of `con`; `direct` (for a large one, see DIRECT_COMMIT_BYTES)
    writes it into the file by a checkpoint rather than into the WAL.

    Either way the commit is atomic: a process killed during the checkpoint leaves the file as it
    was before the transaction. The checkpoint is skipped by DuckDB, and the WAL written as usual,
    while another transaction of the process is open.
    """
    if not direct:
        con.commit()
        return
    con.execute("SET checkpoint_threshold = '0B'")
    try:
        con.commit()
    finally:
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")


def _connect_with_retry(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    if os.path.exists(path) and not os.path.isfile(path):
        # DuckDB would block on a FIFO, or fail obscurely on a directory or a device; raised as
        # DuckDB's own error, which every caller already reports in one line.
        raise duckdb.IOException(f"{path} is not a regular file")
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

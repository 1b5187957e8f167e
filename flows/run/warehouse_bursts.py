"""Bursts of warehouse calls that share one open database file.

Every `Warehouse` call opens and closes its own DuckDB connection, so that other processes get the
file between two calls. That costs ~10 ms to open, and ~70 ms more to close after a write, because
DuckDB checkpoints when the last connection to a file closes. While one connection stays open,
DuckDB hands every new connection of this process the database it already has open: a call then
costs well under a millisecond on top of its own work, and a run of writes is checkpointed once.

A burst holds this process's warehouse lock (re-entrant) for its whole block, so the block's calls
run in the calling thread while other threads wait. A burst is of one kind: DuckDB refuses a
read-only connection to a file this process holds read-write, and the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from warehouse import Warehouse


@contextmanager
def reading(warehouse: Warehouse) -> Iterator[None]:
    """Keep the file open read-only while the block makes several read calls."""
    with warehouse.read():
        yield


@contextmanager
def writing(warehouse: Warehouse) -> Iterator[None]:
    """Keep the file open read-write while the block makes several write calls (each call still
    commits its own transaction; the held connection writes nothing)."""
    with warehouse.write():
        yield

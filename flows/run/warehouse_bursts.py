"""Bursts of warehouse calls that share one open database file.

Each `Warehouse` call opens and closes its own connection (~10 ms, plus a ~70 ms checkpoint after a
write). While a burst keeps the file open, DuckDB hands each call the open database: well under a
millisecond, one checkpoint for the burst. A burst holds this process's re-entrant warehouse lock and is
of one kind, read-only or read-write, as DuckDB allows no mix within a process.
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

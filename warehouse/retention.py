"""Keeping the file in shape: raw pages past their retention are dropped, and CHECKPOINT folds
the write-ahead log into the database file."""

from __future__ import annotations

from datetime import datetime

import duckdb


def prune_raw_pages(con: duckdb.DuckDBPyConnection, before: datetime) -> int:
    """Delete the raw pages last fetched before `before`; returns how many were deleted.

    Articles, their versions, the fetch log and feed entries stay. A pruned URL is unknown to
    `page_states`, so if a feed still lists it, it is fetched again (and found unchanged).
    """
    return con.execute("DELETE FROM pages WHERE last_fetched_at < ?", [before]).fetchone()[0]


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """CHECKPOINT; inside `Warehouse.write()`, use a block that has written nothing yet."""
    con.execute("CHECKPOINT")

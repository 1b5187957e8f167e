"""Keeping the warehouse in shape: raw pages past their retention are dropped, and CHECKPOINT
folds the write-ahead log into the database file (on a DuckLake: runs the lake's maintenance)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.lake import ALIAS, is_lake_connection

# How long a DuckLake keeps the snapshots it can time-travel to. A snapshot keeps the data files
# it reads, so the files of pruned raw pages are deleted only once every snapshot still showing
# them has expired.
LAKE_SNAPSHOT_RETENTION = "7 days"


def prune_raw_pages(con: duckdb.DuckDBPyConnection, before: datetime) -> int:
    """Delete the raw pages last fetched before `before`; returns how many were deleted.

    Articles, their versions, the fetch log and feed entries stay. A pruned URL is unknown to
    `page_states`, so if a feed still lists it, it is fetched again (and found unchanged).
    """
    return con.execute("DELETE FROM pages WHERE last_fetched_at < ?", [before]).fetchone()[0]


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """CHECKPOINT; inside `Warehouse.write()`, use a block that has written nothing yet.

    On a DuckLake, CHECKPOINT runs DuckLake's maintenance in order: rows inlined in the catalog
    are flushed to Parquet, snapshots older than LAKE_SNAPSHOT_RETENTION expire, small adjacent
    files are merged, files with many deleted rows rewritten, and unreferenced files deleted.
    """
    if is_lake_connection(con):
        con.execute(
            "CALL ducklake_set_option(?, 'expire_older_than', ?)", [ALIAS, LAKE_SNAPSHOT_RETENTION]
        )
    con.execute("CHECKPOINT")

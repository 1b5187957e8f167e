"""Keeping the warehouse in shape: raw pages past their retention are dropped, and a compacting
CHECKPOINT folds the write-ahead log into the database file and merges small row groups (on a
DuckLake: runs the lake's maintenance)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from warehouse.db.connect import COMMIT_VACUUM_TASKS, LOAD_DISABLED_COMPRESSION
from warehouse.db.lake import ALIAS

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


def lake_maintenance(con: duckdb.DuckDBPyConnection) -> None:
    """A DuckLake's CHECKPOINT, in a transaction that has written nothing yet: rows inlined in the
    catalog are flushed to Parquet, snapshots older than LAKE_SNAPSHOT_RETENTION expire, small
    adjacent files are merged, files with many deleted rows rewritten, unreferenced files deleted.
    """
    con.execute("CALL ducklake_set_option(?, 'expire_older_than', ?)", [ALIAS, LAKE_SNAPSHOT_RETENTION])
    con.execute("CHECKPOINT")


# DuckDB's default: merging is on for this checkpoint only (see connect.COMMIT_VACUUM_TASKS).
COMPACT_VACUUM_TASKS = 100


def compact(con: duckdb.DuckDBPyConnection) -> None:
    """CHECKPOINT with row-group merging, through `con` outside any transaction.

    Loads leave small row groups per table, one per burst or direct commit (their checkpoints
    merge nothing, to keep the ingest's memory flat); this merges them. DuckDB only checkpoints a database with committed
    changes, so a throwaway table is created and dropped first. It holds the merged rows of one
    table uncompressed while it writes them: memory grows with the rows merged, at most a few row
    groups of 122,880 rows, which is why this runs in maintenance and not in the ingest.
    The merged rows are compressed with every method DuckDB has, FSST included (loads skip it).
    """
    con.execute(f"SET max_vacuum_tasks = {COMPACT_VACUUM_TASKS}")
    con.execute("SET disabled_compression_methods = ''")
    try:
        con.execute("CREATE TABLE compact_marker (i INTEGER)")
        con.execute("DROP TABLE compact_marker")
        con.execute("CHECKPOINT")
    finally:
        con.execute(f"SET max_vacuum_tasks = {COMMIT_VACUUM_TASKS}")
        con.execute(f"SET disabled_compression_methods = '{LOAD_DISABLED_COMPRESSION}'")

"""Keeping the warehouse file in shape: raw-page retention and checkpoints.

Raw bodies are most of the file and only serve re-extraction, so they are dropped after a
retention period; articles, their versions, the fetch log and feed entries stay. A page whose
rows are all dropped is fetched again as new if a feed lists it again, and loads as unchanged.
"""

from __future__ import annotations

from datetime import datetime

import duckdb


def prune_raw_pages(con: duckdb.DuckDBPyConnection, before: datetime) -> int:
    """Delete stored page bodies last fetched before `before`; returns how many were deleted."""
    (deleted,) = con.execute("DELETE FROM pages WHERE last_fetched_at < ?", [before]).fetchone()
    return deleted


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the file; run it in a transaction that has changed nothing."""
    con.execute("CHECKPOINT")

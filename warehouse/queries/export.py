"""Snapshots for analysts: the warehouse's tables as Parquet or CSV files in a directory."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

# Table (or view) -> the time column `since` filters on. Raw bodies stay in the warehouse.
EXPORTED = {
    "sources": None,
    "runs": "started_at",
    "feeds": None,
    "feed_entries": "last_seen_at",
    "fetches": "fetched_at",
    "pages": "last_fetched_at",
    "articles": "last_seen_at",
    "article_versions": "seen_at",
    "mentions": "matched_at",
    "watches": None,
    "site_chrome": None,
}
# Columns a snapshot leaves behind: the raw bodies (large, and binary) and the dedup sketches
# (hashes only the clustering reads).
_INTERNAL = {"pages": "body", "articles": "sketch"}
_FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def export(
    con: duckdb.DuckDBPyConnection, path: Path, fmt: str, since: datetime | None
) -> dict[str, Path]:
    """Write one file per table into the directory `path` (created); returns table -> file.

    Every file comes from the same read-only connection, hence from one consistent state.
    """
    if fmt not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(_FORMATS)}, not {fmt!r}")
    path.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, column in EXPORTED.items():
        columns = f"* EXCLUDE ({_INTERNAL[table]})" if table in _INTERNAL else "*"
        where = f"WHERE {column} >= $since" if since is not None and column else ""
        target = path / f"{table}.{fmt}"
        con.execute(
            f"COPY (SELECT {columns} FROM {table} {where}) TO '{_quote(target)}' {_FORMATS[fmt]}",
            {"since": since} if where else {},
        )
        written[table] = target
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")

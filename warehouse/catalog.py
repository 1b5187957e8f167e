"""Small configuration-like tables: sources, runs and the learned site chrome."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

import duckdb

from parsers.sources import Source


def sync_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[Source], now: datetime) -> None:
    """Upsert the configured sources; `added_at` keeps the first time a source was configured."""
    for s in sources:
        con.execute(
            """
            INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET homepage = excluded.homepage, feeds = excluded.feeds,
                sitemaps = excluded.sitemaps, pages = excluded.pages, schedule = excluded.schedule,
                tags = excluded.tags, updated_at = excluded.updated_at
            """,
            [s.name, s.homepage, list(s.feeds), list(s.sitemaps), list(s.pages), s.schedule,
             list(s.tags), now, now],
        )


def start_run(
    con: duckdb.DuckDBPyConnection, flow: str, sources: Sequence[str], params: dict, now: datetime
) -> str:
    run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, NULL, 'running', NULL)",
        [run_id, flow, list(sources), json.dumps(params, default=str), now],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, summary: dict, now: datetime
) -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
        [now, status, json.dumps(summary, default=str), run_id],
    )


def site_chrome(con: duckdb.DuckDBPyConnection, site: str) -> frozenset[str]:
    row = con.execute("SELECT blocks FROM site_chrome WHERE site = ?", [site.lower()]).fetchone()
    return frozenset(row[0]) if row else frozenset()


def save_site_chrome(
    con: duckdb.DuckDBPyConnection, site: str, blocks: frozenset[str], now: datetime
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO site_chrome VALUES (?, ?, ?)", [site.lower(), sorted(blocks), now]
    )

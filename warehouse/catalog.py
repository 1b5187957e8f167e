"""Small configuration-like tables: sources, runs and the learned site chrome."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

import duckdb
import pyarrow as pa

from parsers.sources import Source
from parsers.urls import strip_userinfo


def sync_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[Source], now: datetime) -> None:
    """Upsert the configured sources in one statement; `added_at` keeps the first time a source
    was configured. A MERGE rather than ON CONFLICT: a DuckLake has no key to conflict on.
    Credentials in the configured URLs are for the requests only: they are not stored."""
    if not sources:
        return
    strings = pa.list_(pa.string())

    def urls(values: tuple[str, ...]) -> list[str]:
        return [strip_userinfo(u) for u in values]

    staged = pa.table(
        {
            "name": [s.name for s in sources],
            "homepage": [strip_userinfo(s.homepage) for s in sources],
            "feeds": pa.array([urls(s.feeds) for s in sources], strings),
            "sitemaps": pa.array([urls(s.sitemaps) for s in sources], strings),
            "pages": pa.array([urls(s.pages) for s in sources], strings),
            "schedule": [s.schedule for s in sources],
            "tags": pa.array([list(s.tags) for s in sources], strings),
            "added_at": pa.array([now] * len(sources), pa.timestamp("us", tz="UTC")),
            "updated_at": pa.array([now] * len(sources), pa.timestamp("us", tz="UTC")),
        }
    )
    con.register("staged_sources", staged)
    try:
        con.execute(
            """
            MERGE INTO sources USING staged_sources s ON sources.name = s.name
            WHEN MATCHED THEN UPDATE SET homepage = s.homepage, feeds = s.feeds,
                sitemaps = s.sitemaps, pages = s.pages, schedule = s.schedule, tags = s.tags,
                updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT BY NAME
            """
        )
    finally:
        con.unregister("staged_sources")


def start_run(
    con: duckdb.DuckDBPyConnection,
    flow: str,
    sources: Sequence[str],
    params: dict,
    now: datetime,
    owner: str | None = None,
) -> str:
    """Record a run as `running`; its summary says, until it finishes, which process `owner` runs it."""
    run_id = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    summary = json.dumps({"owner": owner}) if owner else None
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, NULL, 'running', ?)",
        [run_id, flow, list(sources), json.dumps(params, default=str), now, summary],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, summary: dict, now: datetime
) -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
        [now, status, json.dumps(summary, default=str), run_id],
    )


def running_runs(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """The runs still marked `running`: their owners by run id (None when not recorded)."""
    rows = con.execute("SELECT run_id, summary FROM runs WHERE status = 'running'").fetchall()
    return {run_id: _owner(summary) for run_id, summary in rows}


def mark_crashed(con: duckdb.DuckDBPyConnection, run_ids: Sequence[str], now: datetime) -> None:
    """Mark runs whose process died without finishing them `crashed` (only those still `running`)."""
    if run_ids:
        con.execute(
            "UPDATE runs SET finished_at = ?, status = 'crashed' "
            "WHERE status = 'running' AND list_contains(?, run_id)",
            [now, list(run_ids)],
        )


def _owner(summary: str | None) -> str | None:
    try:
        owner = json.loads(summary).get("owner") if summary else None
    except (ValueError, AttributeError):
        return None
    return owner if isinstance(owner, str) else None


def site_chrome(con: duckdb.DuckDBPyConnection, site: str) -> frozenset[str]:
    row = con.execute("SELECT blocks FROM site_chrome WHERE site = ?", [site.lower()]).fetchone()
    return frozenset(row[0]) if row else frozenset()


def save_site_chrome(
    con: duckdb.DuckDBPyConnection, site: str, blocks: frozenset[str], now: datetime
) -> None:
    con.execute(
        """
        MERGE INTO site_chrome USING (SELECT ? AS site, ? AS blocks, ? AS updated_at) s
            ON site_chrome.site = s.site
        WHEN MATCHED THEN UPDATE SET blocks = s.blocks, updated_at = s.updated_at
        WHEN NOT MATCHED THEN INSERT BY NAME
        """,
        [site.lower(), sorted(blocks), now],
    )

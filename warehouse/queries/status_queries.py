"""Read-only queries behind `mediamon status`: recent runs, failing feeds, failing alerts, silent
sources.

Each function takes an open DuckDB connection (read-only is enough) and returns rows as dicts.
Times are compared as epoch seconds, so TIMESTAMP (UTC) and TIMESTAMPTZ columns both work.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

_LAST_RUNS = """
SELECT run_id, flow, started_at, finished_at, status, summary,
       epoch(finished_at) - epoch(started_at) AS seconds
FROM runs
ORDER BY started_at DESC
LIMIT ?
"""

_FAILING_FEEDS = """
SELECT source, url, consecutive_failures, last_success_at, last_error
FROM feeds
WHERE consecutive_failures >= ?
ORDER BY consecutive_failures DESC, source, url
"""

# The latest delivery of each watch to each target; it is listed when it did not go out, with the
# number of failures since the last delivery that did.
_FAILING_ALERTS = """
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY watch, target ORDER BY sent_at DESC) AS age,
           max(CASE WHEN status = 'sent' THEN sent_at END) OVER (PARTITION BY watch, target) AS last_sent_at
    FROM alerts
)
SELECT watch, target, status, sent_at AS failed_at, error, last_sent_at,
       (SELECT count(*) FROM alerts a
        WHERE a.watch = r.watch AND a.target = r.target AND a.status IN ('failed', 'refused')
          AND (r.last_sent_at IS NULL OR a.sent_at > r.last_sent_at)) AS failures
FROM ranked r
WHERE age = 1 AND status IN ('failed', 'refused')
ORDER BY sent_at DESC, watch, target
"""

# A source is silent when its feeds have brought no new entry for `factor` times its usual gap
# between two articles (median over the history window), and for at least `min_silence_s`.
# Sources with too few articles to have a usual gap are measured against `default_gap_s`.
_SILENT_SOURCES = """
WITH recent AS (
    SELECT source, epoch(published_at) AS t
    FROM articles
    WHERE published_at IS NOT NULL AND epoch(published_at) BETWEEN $now - $history_s AND $now
),
gaps AS (
    SELECT source, t - lag(t) OVER (PARTITION BY source ORDER BY t) AS gap FROM recent
),
usual AS (
    SELECT source, median(gap) AS usual_gap_s FROM gaps WHERE gap IS NOT NULL GROUP BY source
),
latest AS (
    SELECT source, max(last_new_entry_at) AS last_new_entry_at, max(epoch(last_new_entry_at)) AS t
    FROM feeds
    GROUP BY source
)
SELECT l.source, l.last_new_entry_at,
       coalesce(u.usual_gap_s, $default_gap_s) AS usual_gap_s,
       $now - l.t AS silent_s
FROM latest l LEFT JOIN usual u USING (source)
WHERE l.t IS NULL
   OR $now - l.t > greatest($factor * coalesce(u.usual_gap_s, $default_gap_s), $min_silence_s)
ORDER BY l.t NULLS FIRST, l.source
"""


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def last_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict]:
    """The latest runs of every flow, newest first; `summary` decoded from JSON."""
    rows = _rows(con.execute(_LAST_RUNS, [limit]))
    for row in rows:
        if isinstance(row["summary"], str):
            row["summary"] = json.loads(row["summary"])
    return rows


def failing_feeds(con: duckdb.DuckDBPyConnection, min_failures: int = 1) -> list[dict]:
    """Feeds whose last `min_failures` or more polls failed in a row, worst first."""
    return _rows(con.execute(_FAILING_FEEDS, [min_failures]))


def failing_alerts(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Watch deliveries whose latest attempt failed or was refused, newest first; their mentions
    wait for the next run."""
    return _rows(con.execute(_FAILING_ALERTS))


def silent_sources(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    *,
    factor: float = 3.0,
    min_silence_s: float = 6 * 3600,
    default_gap_s: float = 86400,
    history_s: float = 90 * 86400,
) -> list[dict]:
    """Sources with no new feed entry for longer than usual; `silent_s` None means never."""
    params = {
        "now": now.timestamp(),
        "factor": factor,
        "min_silence_s": min_silence_s,
        "default_gap_s": default_gap_s,
        "history_s": history_s,
    }
    return _rows(con.execute(_SILENT_SOURCES, params))

"""`mediamon status`: the last runs, failing feeds and alerts, and sources that have gone silent.

Reads the warehouse read-only and never imports Prefect, so it answers in a moment.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb

from warehouse.queries.status_queries import failing_alerts, failing_feeds, last_runs, silent_sources


class StatusError(Exception):
    """The status cannot be read; the message says why."""


def show_status(db: str, runs: int = 10, now: datetime | None = None) -> str:
    """The status report of the warehouse at `db` as text."""
    from warehouse import Warehouse, WarehouseBusy
    from warehouse.db.lake import is_lake

    if not is_lake(db) and not Path(db).exists():
        raise StatusError(f"no warehouse at {db} (pass --db, or run `mediamon run` first)")
    try:
        with Warehouse(db).read() as con:
            return render_status(con, now or datetime.now(timezone.utc), runs)
    except WarehouseBusy as exc:
        raise StatusError(str(exc)) from None
    except duckdb.Error as exc:  # a lake whose catalog cannot be reached, say
        raise StatusError(f"cannot read the warehouse {db}: {str(exc).splitlines()[0]}") from None


def render_status(con: duckdb.DuckDBPyConnection, now: datetime, runs: int = 10) -> str:
    """Four short tables: last runs, failing feeds, failing alerts, silent sources."""
    sections = [
        _table(
            "Last runs",
            ["started", "flow", "status", "took", "summary"],
            [
                [_time(r["started_at"]), r["flow"], r["status"], _duration(r["seconds"]), _summary(r["summary"])]
                for r in last_runs(con, runs)
            ],
        ),
        _table(
            "Failing feeds (failed polls in a row)",
            ["source", "feed", "failures", "last success", "last error"],
            [
                [f["source"], f["url"], str(f["consecutive_failures"]), _time(f["last_success_at"]), f["last_error"] or ""]
                for f in failing_feeds(con)
            ],
        ),
        _table(
            "Failing alerts (latest delivery did not go out; its mentions wait for the next run)",
            ["watch", "target", "failures", "last failure", "last sent", "error"],
            [
                [a["watch"], a["target"], str(a["failures"]), _time(a["failed_at"]), _time(a["last_sent_at"]), a["error"] or a["status"]]
                for a in failing_alerts(con)
            ],
        ),
        _table(
            "Silent sources (no new article for longer than usual)",
            ["source", "last new entry", "usual gap", "silent for"],
            [
                [s["source"], _time(s["last_new_entry_at"]), _duration(s["usual_gap_s"]), _duration(s["silent_s"])]
                for s in silent_sources(con, now)
            ],
        ),
    ]
    return "\n\n".join(sections) + "\n"


def _table(title: str, header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return f"{title}\n  none"
    widths = [max(len(c) for c in column) for column in zip(header, *rows)]
    lines = [title] + ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines)


def _time(value: datetime | None) -> str:
    if value is None:
        return "never"
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds:.0f}s"


def _summary(summary: object) -> str:
    """Totals of a run report; other summaries as their keys and values."""
    if isinstance(summary, dict) and isinstance(summary.get("sources"), list):
        sources = summary["sources"]
        total = {k: sum(s.get(k, 0) for s in sources) for k in ("new", "updated", "failed")}
        errors = sum(len(s.get("errors", [])) for s in sources)
        return f"{len(sources)} sources: {total['new']} new, {total['updated']} updated, {total['failed']} failed, {errors} errors"
    if isinstance(summary, dict):
        return ", ".join(f"{k}={v}" for k, v in summary.items() if k != "run_id")
    return "" if summary is None else str(summary)

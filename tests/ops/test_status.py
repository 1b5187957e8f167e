"""`mediamon status` on a real warehouse: last runs, failing feeds and alerts, silent sources."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from flows.ops.status import StatusError, render_status, show_status
from warehouse import Warehouse
from warehouse.queries.status_queries import failing_alerts, failing_feeds, last_runs, silent_sources

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def _feed(con, url, source, failures=0, last_new=None, last_success=None, error=None):
    con.execute(
        """INSERT INTO feeds (url, source, validators_trusted, consecutive_failures, last_success_at,
                              last_new_entry_at, last_error, updated_at)
           VALUES (?, ?, true, ?, ?, ?, ?, ?)""",
        [url, source, failures, last_success, last_new, error, NOW],
    )


def _articles(con, source, every: timedelta, count: int, last: datetime):
    for i in range(count):
        at = last - i * every
        con.execute(
            """INSERT INTO articles (url, source, page_url, text, authors, tags, published_at,
                   extractor_version, content_hash, text_length, version, first_seen_at, last_seen_at, changed_at)
               VALUES (?, ?, ?, 'text', [], [], ?, 'x', 'h', 4, 1, ?, ?, ?)""",
            [f"https://{source}.example/{i}", source, f"https://{source}.example/{i}", at, at, at, at],
        )


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    wh = Warehouse(tmp_path / "status.duckdb")
    wh.migrate()
    with wh.write() as con:
        summary = {"run_id": "r1", "sources": [
            {"source": "busy", "new": 3, "updated": 1, "failed": 0, "errors": []},
            {"source": "broken", "new": 0, "updated": 0, "failed": 2, "errors": ["x: 404", "y: 404"]},
        ]}
        con.execute(
            "INSERT INTO runs VALUES ('r1', 'ingest', ['busy', 'broken'], '{}', ?, ?, 'completed_with_errors', ?)",
            [NOW - timedelta(hours=2), NOW - timedelta(hours=2) + timedelta(seconds=42), json.dumps(summary)],
        )
        con.execute(
            "INSERT INTO runs VALUES ('r2', 'maintenance', [], '{}', ?, ?, 'completed', ?)",
            [NOW - timedelta(hours=1), NOW - timedelta(hours=1) + timedelta(seconds=3), json.dumps({"run_id": "r2", "raw_pages_pruned": 7})],
        )
        _feed(con, "https://broken.example/feed", "broken", failures=3, error="HTTP 404")
        _feed(con, "https://busy.example/feed", "busy", last_new=NOW - timedelta(minutes=30), last_success=NOW)
        _feed(con, "https://quiet.example/feed", "quiet", last_new=NOW - timedelta(days=2), last_success=NOW)
        _feed(con, "https://weekly.example/feed", "weekly", last_new=NOW - timedelta(days=3), last_success=NOW)
        _articles(con, "busy", timedelta(hours=1), 24, NOW - timedelta(minutes=30))
        _articles(con, "quiet", timedelta(hours=1), 24, NOW - timedelta(days=2))
        _articles(con, "weekly", timedelta(days=7), 6, NOW - timedelta(days=3))
        # acme's hook failed, recovered, then failed twice; beta's recovered; gamma's was never allowed.
        for hours, watch, target, status, error in [
            (9, "acme", "https://hooks.example/a", "failed", "HTTP 500"),
            (8, "acme", "https://hooks.example/a", "sent", None),
            (7, "acme", "https://hooks.example/a", "failed", "HTTP 502"),
            (6, "acme", "https://hooks.example/a", "failed", "timeout"),
            (6, "acme", "prefect event", "sent", None),
            (5, "beta", "https://hooks.example/b", "failed", "HTTP 500"),
            (4, "beta", "https://hooks.example/b", "sent", None),
            (3, "gamma", "http://10.0.0.1/hook", "refused", None),
        ]:
            con.execute(
                "INSERT INTO alerts VALUES (?, 'r1', ?, ?, 2, ?, ?)",
                [watch, target, status, NOW - timedelta(hours=hours), error],
            )
    return wh


def test_queries(warehouse):
    with warehouse.read() as con:
        runs = last_runs(con, 10)
        failing = failing_feeds(con)
        silent = silent_sources(con, NOW)
    assert [r["flow"] for r in runs] == ["maintenance", "ingest"]
    assert runs[0]["summary"]["raw_pages_pruned"] == 7 and runs[1]["seconds"] == pytest.approx(42)
    assert [(f["source"], f["consecutive_failures"]) for f in failing] == [("broken", 3)]
    # `broken` never had a new entry; `quiet` usually publishes hourly and has been silent for 2 days;
    # `weekly` is 3 days into a 7-day rhythm and `busy` published half an hour ago.
    assert [s["source"] for s in silent] == ["broken", "quiet"]
    assert silent[0]["silent_s"] is None
    assert silent[1]["usual_gap_s"] == pytest.approx(3600) and silent[1]["silent_s"] == pytest.approx(2 * 86400)


def test_rendered_status(warehouse):
    text = show_status(warehouse.path, now=NOW)
    runs, failing, alerts, silent = text.split("\n\n")
    assert "maintenance  completed" in runs and "raw_pages_pruned=7" in runs
    assert "2 sources: 3 new, 1 updated, 2 failed, 2 errors" in runs and "42s" in runs
    assert "https://broken.example/feed" in failing and "HTTP 404" in failing
    assert "timeout" in alerts and "refused" in alerts and "hooks.example/b" not in alerts
    assert "quiet" in silent and "1.0h" in silent and "2.0d" in silent
    assert "weekly" not in silent and "busy" not in silent


def test_failing_alerts(warehouse):
    with warehouse.read() as con:
        failing = failing_alerts(con)
    assert [(a["watch"], a["target"], a["failures"]) for a in failing] == [
        ("gamma", "http://10.0.0.1/hook", 1),
        ("acme", "https://hooks.example/a", 2),
    ]
    assert failing[0]["last_sent_at"] is None and failing[0]["status"] == "refused"
    assert failing[1]["error"] == "timeout" and failing[1]["last_sent_at"] == NOW - timedelta(hours=8)


def test_empty_warehouse_says_none(tmp_path):
    wh = Warehouse(tmp_path / "empty.duckdb")
    wh.migrate()
    with wh.read() as con:
        assert render_status(con, NOW).count("  none") == 4


def test_missing_warehouse(tmp_path):
    with pytest.raises(StatusError, match="no warehouse at"):
        show_status(str(tmp_path / "nope.duckdb"))

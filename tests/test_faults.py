"""One ingest run over the healthy newsroom and one source per fault, all at once.

Every fault must end as a recorded failure with its class (in the fetch log or the feed's state),
the run must complete, and the healthy sources' articles must all be stored. A second run shows
the conditional-GET cycle.
"""

from __future__ import annotations

import duckdb
import pytest

from flows.cli import main
from tests.fetch.faultserver import FAST_FETCH, fault_sources_toml, start_fault_server

# source -> error class of its failed fetch
FETCH_FAILURES = {
    "gone-404": "http_404",
    "gone-410": "http_410",
    "down-503": "http_503",
    "redirect-loop": "redirect_loop",
    "drip": "deadline",
    "reset": "read_error",
    "oversized": "too_large",
    "robots-disallowed": "robots",
}
# source -> start of the error its feed or sitemap state records
DOCUMENT_FAILURES = {
    "html-as-feed": "not a feed",
    "gzip-bomb": "decompressed size exceeds",
    "billion-laughs": "malformed XML",
    "truncated-xml": "malformed feed",
}


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory, prefect_harness):
    """Run ingest twice over newsroom + faults; yield (db, newsroom, fault server, outputs)."""
    from flows.demo.newsroom import serve_newsroom

    tmp = tmp_path_factory.mktemp("faults")
    server = start_fault_server()
    room = serve_newsroom()
    try:
        sources = tmp / "sources.toml"
        fetch = {"sitemap_window_days": 36500.0}
        sources.write_text(fault_sources_toml(server.base_url, fetch) + "\n" + room.sources_toml(), encoding="utf-8")
        db = tmp / "faults.duckdb"
        codes = [main(["run", "--sources", str(sources), "--db", str(db)]) for _ in range(2)]
        yield db, room, server, codes
    finally:
        room.stop()
        server.stop()


def _rows(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_runs_complete_and_healthy_articles_are_stored(fault_run):
    db, room, _, codes = fault_run
    assert codes == [0, 0]
    for outlet in room.outlets:
        stored = _rows(db, "SELECT count(*) FROM articles WHERE source = ?", outlet.name)[0][0]
        assert stored == room.expect[f"{outlet.name.replace('-', '_')}_articles"], outlet.name
    statuses = {s for (s,) in _rows(db, "SELECT status FROM runs")}
    assert statuses == {"completed_with_errors"}


@pytest.mark.parametrize("source, error_class", sorted(FETCH_FAILURES.items()))
def test_fetch_failure_recorded_with_class(fault_run, source, error_class):
    db = fault_run[0]
    rows = _rows(db, "SELECT outcome, error_class, error FROM fetches WHERE source = ? AND error_class IS NOT NULL", source)
    assert rows, f"no failed fetch recorded for {source}"
    assert {r[1] for r in rows} == {error_class}
    assert {r[0] for r in rows} <= {"failed", "refused"}
    assert all(r[2] for r in rows), "every failure carries a message"


@pytest.mark.parametrize("source, message", sorted(DOCUMENT_FAILURES.items()))
def test_bad_documents_recorded_on_the_feed(fault_run, source, message):
    db = fault_run[0]
    # After the second run too: an unchanged malformed document stays flagged.
    errors = _rows(db, "SELECT last_error FROM feeds WHERE source = ?", source)
    assert errors and any(e and e.startswith(message) for (e,) in errors), errors


def test_retried_faults_end_in_success(fault_run):
    db = fault_run[0]
    for source in ("flaky-500", "ratelimited"):
        # The fault sources share one host: its robots.txt is fetched once a run, logged under
        # whichever source asked first, so only the source's own documents are looked at.
        rows = _rows(
            db,
            "SELECT status, outcome, attempts FROM fetches WHERE source = ? AND url NOT LIKE '%/robots.txt' "
            "ORDER BY fetched_at",
            source,
        )
        assert rows[0][0] == 200 and rows[0][1] != "failed" and rows[0][2] >= 2, (source, rows)


def test_retry_after_is_honoured(fault_run):
    server = fault_run[2]
    hits = [h.at for h in server.access_log if h.path.startswith("/ratelimit")]
    assert len(hits) >= 2 and hits[1] - hits[0] >= 0.95  # Retry-After: 1


def test_wrong_declared_encoding_and_wrong_type_still_read(fault_run):
    db = fault_run[0]
    titles = {t for (t,) in _rows(db, "SELECT title FROM feed_entries WHERE source = 'wrong-encoding'")}
    assert "Café “déjà vu”" in titles
    assert _rows(db, "SELECT count(*) FROM feed_entries WHERE source = 'wrong-type'")[0][0] == 3


def test_conditional_get_cycle(fault_run):
    db, _, server, _ = fault_run
    rows = _rows(db, "SELECT status, outcome, validators_sent FROM fetches WHERE source = 'etag' AND url LIKE '%/etag-feed' ORDER BY fetched_at")
    assert [r[0] for r in rows] == [200, 304]
    assert rows[0][2] is None and rows[1][2] is not None
    second = server.hits("/etag-feed")[1]
    assert second.headers.get("If-None-Match") == '"feed-v1"'


def test_per_host_rate_from_the_server_log(fault_run):
    server = fault_run[2]
    hosts = {h.host for h in server.access_log}
    assert hosts == {"127.0.0.1", "localhost"}
    for host in hosts:
        arrivals = sorted(h.at for h in server.access_log if h.host == host)
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
        assert min(gaps) >= FAST_FETCH["per_host_delay"] * 0.95, host
    assert len([h for h in server.access_log if h.host == "127.0.0.1"]) > 30


def test_robots_txt_requests_are_in_the_fetch_log(fault_run):
    db, room, server, _ = fault_run
    logged = {u for (u,) in _rows(db, "SELECT url FROM fetches WHERE url LIKE '%/robots.txt'")}
    assert f"{server.base_url}/robots.txt" in logged
    assert all(f"{base}/robots.txt" in logged for base in room.base.values())
    served = [h for h in server.access_log if h.path == "/robots.txt" and h.host == "127.0.0.1"]
    # Nineteen sources share the fault host: one robots.txt request per run, not one per source.
    assert len(served) == 2


def test_feed_with_identical_body_reports_its_articles_unchanged(fault_run):
    """/atom.xml sends no validators: the second run sees the same body and nothing new."""
    import json

    db = fault_run[0]
    (summary,) = _rows(db, "SELECT summary FROM runs WHERE flow = 'ingest' ORDER BY started_at DESC LIMIT 1")[0]
    atom = next(s for s in json.loads(summary)["sources"] if s["source"] == "atom")
    assert (atom["new"], atom["updated"], atom["unchanged"], atom["feeds_unchanged"]) == (0, 0, 1, 1)

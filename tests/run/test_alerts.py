"""Alerts of an ingest run, with real flow runs: one webhook POST and one Prefect event per watch
and run with the run's new mentions; none on a rerun; a failed delivery is sent by the next run."""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.webhooks import start_receiver


@pytest.fixture
def receiver():
    rec = start_receiver()
    yield rec
    rec.stop()


def _query(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _hooked_sources(newsroom, receiver) -> str:
    """The newsroom's sources file, its watches given webhooks on the receiver."""
    from tests.conftest import DEMO_FETCH

    text = newsroom.sources_toml(DEMO_FETCH)
    for watch in newsroom.expect["watch"]:
        line = f'name = "{watch["name"]}"\n'
        text = text.replace(line, f'{line}webhook = "{receiver.base_url}/hooks/{watch["name"]}"\n')
    return text


def _events(run_id: str, timeout: float = 20.0) -> list:
    """The `mediamon.mention` events of a run, read back from the server's events API."""
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter

    deadline = time.monotonic() + timeout
    while True:
        with get_client(sync_client=True) as client:
            page = client.read_events(EventFilter(event=EventNameFilter(name=["mediamon.mention"])), limit=50)
        found = [e for e in page.events if e.payload.get("run_id") == run_id]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_one_post_and_one_event_per_watch_and_run_none_on_rerun(prefect_harness, tmp_path, newsroom, receiver):
    from flows.ingest import ingest

    sources = tmp_path / "sources.toml"
    sources.write_text(_hooked_sources(newsroom, receiver), encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    run_id = ingest(sources_file=str(sources), db=str(db))["run_id"]

    mentioned = {}
    for watch, url, title, source in _query(
        db, "SELECT m.watch, m.url, a.title, m.source FROM mentions m JOIN articles a USING (url)"
    ):
        mentioned.setdefault(watch, {})[url] = (title, source)
    assert set(mentioned) == {w["name"] for w in newsroom.expect["watch"]}
    for watch, articles in mentioned.items():
        (post,) = receiver.to(f"/hooks/{watch}")
        assert post.body["watch"] == watch and post.body["run_id"] == run_id
        assert post.body["count"] == len(articles)
        assert {m["url"]: (m["title"], m["source"]) for m in post.body["mentions"]} == articles
        assert all("published_at" in m for m in post.body["mentions"])
    assert len(receiver.posts) == len(mentioned)

    events = _events(run_id)
    assert sorted(e.payload["watch"] for e in events) == sorted(mentioned)
    for event in events:
        watch = event.payload["watch"]
        assert event.resource.id == f"mediamon.watch.{watch}"
        assert "flow-run" in {r.role for r in event.related}  # automations can tell the run
        assert event.payload["count"] == len(mentioned[watch])
        assert {m["url"] for m in event.payload["mentions"]} <= set(mentioned[watch])

    sent = _query(db, "SELECT watch, target, status, mentions FROM alerts WHERE run_id = ? ORDER BY ALL", run_id)
    assert sent == sorted(
        [(w, "prefect-event", "sent", len(a)) for w, a in mentioned.items()]
        + [(w, f"{receiver.base_url}/…", "sent", len(a)) for w, a in mentioned.items()]
    )

    rerun = ingest(sources_file=str(sources), db=str(db))["run_id"]
    assert len(receiver.posts) == len(mentioned)
    assert _query(db, "SELECT count(*) FROM alerts WHERE run_id = ?", rerun) == [(0,)]


def test_a_failed_webhook_is_recorded_and_sent_by_the_next_run(prefect_harness, tmp_path, newsroom, receiver):
    from flows.ingest import ingest

    sources = tmp_path / "sources.toml"
    sources.write_text(_hooked_sources(newsroom, receiver), encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    down = "/hooks/iran-opposition"
    receiver.failing.add(down)
    first = ingest(sources_file=str(sources), db=str(db))
    assert not any(s["errors"] for s in first["sources"])  # the run itself is not failed by it
    (status, error), = _query(
        db, "SELECT status, error FROM alerts WHERE run_id = ? AND watch = 'iran-opposition' "
        "AND target <> 'prefect-event'", first["run_id"],
    )
    assert status == "failed" and "503" in error
    tries = len(receiver.to(down))
    assert tries >= 2  # retried

    receiver.failing.clear()
    second = ingest(sources_file=str(sources), db=str(db))
    retried = receiver.to(down)[tries:]
    assert len(retried) == 1 and retried[0].body["run_id"] == second["run_id"]
    assert retried[0].body["count"] == _query(db, "SELECT count(*) FROM mentions WHERE watch = 'iran-opposition'")[0][0]
    # the other watch's webhook and every event were delivered the first time: not again
    assert len(receiver.to("/hooks/river-and-flooding")) == 1
    assert _query(db, "SELECT target, status FROM alerts WHERE run_id = ?", second["run_id"]) == [
        (f"{receiver.base_url}/…", "sent")
    ]

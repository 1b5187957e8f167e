"""Runs killed or stopped half-way, runs on two files at once: real `mediamon run` processes.

The processes use the session's Prefect server (PREFECT_API_URL), as runs of one machine share
one Prefect home: a writer slot kept on that server by a killed run would strand every later
run, which is what the SIGKILL cases check.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.run.bigfeed import start_big_site
from tests.run.killed_runs import (
    RERUN_LIMIT_SECONDS,
    ROOT,
    STOP_LIMIT_SECONDS,
    Run,
    kill_mid_load_then_rerun,
    mediamon_run,
    rows,
    wait_for_pages,
)

ENTRIES = 1200  # a first load of 500 pages is committed before the kill at 720


@pytest.fixture
def api_env(prefect_harness) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return {"PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_LOGGING_LEVEL": "WARNING"}


@pytest.fixture
def big_site():
    site = start_big_site(ENTRIES, page_delay=0.004)
    yield site
    site.stop()


@pytest.mark.parametrize(
    "sig, kind", [(signal.SIGKILL, "feed"), (signal.SIGTERM, "sitemap")], ids=["sigkill-feed", "sigterm-sitemap"]
)
def test_run_stopped_mid_load_then_rerun_stores_every_article_once(tmp_path, api_env, big_site, sig, kind):
    kill_mid_load_then_rerun(tmp_path, big_site, kind, str(tmp_path / "w.duckdb"), sig, api_env)


def test_reextract_stopped_between_batches_then_rerun(tmp_path, api_env, big_site):
    """SIGTERM stops `mediamon reextract` after its batch in progress: the run is `interrupted`
    with what it did, every article stays, and a second reextract goes through them all."""
    from flows.ingest import ingest

    sources, db = tmp_path / "sources.toml", str(tmp_path / "w.duckdb")
    sources.write_text(big_site.sources_toml("feed"), encoding="utf-8")
    ingest(str(sources), db=db)
    assert rows(db, "SELECT count(*) FROM articles") == [(ENTRIES,)]

    def reextract(label: str) -> Run:
        out, err = tmp_path / f"{label}.out", tmp_path / f"{label}.err"
        cmd = [sys.executable, "-m", "flows.cli", "reextract", "--db", db]
        env = {**os.environ, **api_env, "PREFECT_LOGGING_LEVEL": "INFO"}
        with open(out, "w") as o, open(err, "w") as e:
            return Run(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=o, stderr=e), out, err)

    first = reextract("first")
    deadline = time.monotonic() + 120
    while "re-extracted" not in first.output():
        assert first.proc.poll() is None, first.output()[-3000:]
        assert time.monotonic() < deadline, "no batch was re-extracted in 120 s"
        time.sleep(0.05)
    signalled = time.monotonic()
    first.proc.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) == 128 + signal.SIGTERM, first.output()[-3000:]
    assert time.monotonic() - signalled <= STOP_LIMIT_SECONDS
    ((status, summary),) = rows(db, "SELECT status, summary FROM runs WHERE flow = 'reextract'")
    done = sum(s["unchanged"] + s["updated"] for s in json.loads(summary)["sources"])
    assert status == "interrupted" and json.loads(summary)["interrupted"] == "SIGTERM"
    assert 0 < done < ENTRIES, summary

    second = reextract("second")
    assert second.wait(timeout=RERUN_LIMIT_SECONDS) == 0, second.output()[-3000:]
    statuses = rows(db, "SELECT status, summary FROM runs WHERE flow = 'reextract' ORDER BY started_at")
    assert [s for s, _ in statuses] == ["interrupted", "completed"]
    (report,) = json.loads(statuses[1][1])["sources"]
    assert report["unchanged"] == ENTRIES, report  # the same extractor: every article checked, none changed
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(ENTRIES, ENTRIES)]


def test_runs_on_two_files_overlap(tmp_path, api_env, newsroom_sources, newsroom):
    slow_site = start_big_site(300, page_delay=0.1)  # ~15 s at 2 requests in flight per host
    try:
        slow_sources = tmp_path / "slow.toml"
        slow_sources.write_text(slow_site.sources_toml("feed"), encoding="utf-8")
        slow_db, quick_db = str(tmp_path / "slow.duckdb"), str(tmp_path / "quick.duckdb")
        slow = mediamon_run(tmp_path, "slow", slow_sources, slow_db, api_env)
        time.sleep(2)
        quick = mediamon_run(tmp_path, "quick", newsroom_sources, quick_db, api_env)
        assert quick.wait(timeout=RERUN_LIMIT_SECONDS) == 0, quick.output()[-3000:]
        assert slow.proc.poll() is None, "the slow run ended first: nothing to overlap with"
        assert slow.wait(timeout=RERUN_LIMIT_SECONDS) == 0, slow.output()[-3000:]
    finally:
        slow_site.stop()
    ((slow_start, slow_end),) = rows(slow_db, "SELECT started_at, finished_at FROM runs")
    ((quick_start, quick_end),) = rows(quick_db, "SELECT started_at, finished_at FROM runs")
    assert slow_start < quick_start and quick_end < slow_end
    assert rows(quick_db, "SELECT count(*) FROM articles")[0][0] == newsroom.expect["articles"]
    assert "waiting" not in quick.output()


def test_concurrent_starts_on_a_fresh_prefect_home_and_ctrl_c(tmp_path, newsroom_sources, newsroom):
    """Two runs start their own Prefect servers at once on one new Prefect home; Ctrl-C on one
    (SIGINT to its whole process group, its Prefect server included) stops it within 10 s."""
    assert "PREFECT_API_URL" not in os.environ
    env = {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    site = start_big_site(ENTRIES, page_delay=0.004)
    try:
        slow_sources = tmp_path / "slow.toml"
        slow_sources.write_text(site.sources_toml("feed"), encoding="utf-8")
        slow_db, quick_db = str(tmp_path / "slow.duckdb"), str(tmp_path / "quick.duckdb")
        slow = mediamon_run(tmp_path, "slow", slow_sources, slow_db, env, start_new_session=True)
        quick = mediamon_run(tmp_path, "quick", newsroom_sources, quick_db, env)
        assert quick.wait(timeout=240) == 0, quick.output()[-3000:]
        wait_for_pages(site, ENTRIES // 3, slow)
        signalled = time.monotonic()
        os.killpg(slow.proc.pid, signal.SIGINT)
        assert slow.wait(timeout=60) == 128 + signal.SIGINT, slow.output()[-3000:]
        assert time.monotonic() - signalled <= STOP_LIMIT_SECONDS
    finally:
        site.stop()
    assert rows(quick_db, "SELECT count(*) FROM articles")[0][0] == newsroom.expect["articles"]
    assert rows(slow_db, "SELECT status FROM runs") == [("interrupted",)]
    assert "Traceback" not in quick.output() + slow.output()

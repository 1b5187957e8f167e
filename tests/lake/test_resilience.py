"""A `mediamon run` on a DuckLake killed or stopped half-way, then run again (see
tests/run/test_resilience.py for the DuckDB file)."""

from __future__ import annotations

import signal

import pytest

from tests.run.bigfeed import start_big_site
from tests.run.killed_runs import kill_mid_load_then_rerun

ENTRIES = 1200


@pytest.mark.parametrize(
    "sig, kind", [(signal.SIGKILL, "sitemap"), (signal.SIGTERM, "feed")], ids=["sigkill-sitemap", "sigterm-feed"]
)
def test_lake_run_stopped_mid_load_then_rerun_stores_every_article_once(tmp_path, lake_db, prefect_harness, sig, kind):
    from prefect.settings import PREFECT_API_URL

    site = start_big_site(ENTRIES, page_delay=0.004)
    try:
        env = {"PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_LOGGING_LEVEL": "WARNING"}
        kill_mid_load_then_rerun(tmp_path, site, kind, lake_db, sig, env)
    finally:
        site.stop()

"""Shared fixtures: one Prefect test harness for the whole session, the loopback newsroom."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def prefect_harness():
    """Entering the harness costs ~13 s, so every flow test shares this one."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def newsroom():
    from flows.demo.newsroom import serve_newsroom

    with serve_newsroom() as room:
        yield room


DEMO_FETCH = {"allow_private_networks": True, "per_host_delay": 0.0, "sitemap_window_days": 36500.0}


@pytest.fixture
def newsroom_sources(tmp_path, newsroom):
    """A sources file for the served newsroom."""
    path = tmp_path / "sources.toml"
    path.write_text(newsroom.sources_toml(DEMO_FETCH), encoding="utf-8")
    return path

"""The deadline bounds a whole request, retries and Retry-After waits included."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from flows.fetch.fetcher import Fetcher
from tests.fetch.faultserver import start_fault_server


def test_retry_after_past_the_deadline_gives_up_politely(fast):
    settings = replace(fast, deadline=1.0, retry_after_cap=60.0, retries=3)
    srv = start_fault_server()
    try:
        with Fetcher(settings) as f:
            urls = [f"{srv.base_url}/retry-after?after=30&k={i}" for i in range(4)]
            started = time.monotonic()
            with ThreadPoolExecutor(len(urls)) as pool:
                results = list(pool.map(f.get, urls))
            elapsed = time.monotonic() - started
        assert elapsed < 3, elapsed
        assert [r.error_class for r in results] == ["retry_after_exceeded"] * 4
        assert all(r.outcome == "failed" and "Retry-After" in r.error for r in results)
        # The first answer's Retry-After holds the host: the others give up without asking again.
        assert len([h for h in srv.access_log if h.path.startswith("/retry-after")]) == 1
    finally:
        srv.stop()


def test_backoff_retries_stay_within_the_deadline(server, fast):
    settings = replace(fast, deadline=1.0, retries=6, retry_backoff=0.3)
    with Fetcher(settings) as f:
        started = time.monotonic()
        result = f.get(f"{server.base_url}/status/503?k=bounded")
        elapsed = time.monotonic() - started
    assert result.error_class == "http_503" and elapsed < 1.5, elapsed
    assert result.attempts < settings.retries + 1

"""Discovery against hostile feeds: entry caps, tracking-parameter variants, credentials in links."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from flows.fetch.fetcher import Fetcher
from flows.run.discover import discover_source
from parsers.sources import FetchSettings, Source


@pytest.fixture
def fetcher(fast):
    with Fetcher(fast) as f:
        yield f


def _discover(fetcher, settings, **kw):
    src = Source(name="hostile", homepage="http://127.0.0.1/", fetch=settings, **kw)
    return discover_source(src, fetcher, {}, now=datetime.now(UTC))


def test_default_feed_entry_cap_is_a_few_thousand():
    assert 1000 <= FetchSettings().max_feed_entries <= 10_000


def test_feed_entries_capped_newest_first(server, fetcher, fast):
    d = _discover(fetcher, replace(fast, max_feed_entries=50), feeds=(f"{server.base_url}/many-feed?n=3000",))
    assert [c.url for c in d.candidates] == [f"{server.base_url}/article/m{i}" for i in range(2999, 2949, -1)]
    assert len(d.feed_entries) == 50 and not d.errors


def test_links_differing_in_tracking_parameters_are_one_candidate(server, fetcher, fast):
    d = _discover(fetcher, fast, feeds=(f"{server.base_url}/many-feed?n=1200&same=1",))
    assert [c.url for c in d.candidates] == [f"{server.base_url}/article/same"]


def test_credentials_never_taken_from_feed_links(server, fetcher, fast):
    d = _discover(fetcher, fast, feeds=(f"{server.base_url}/many-feed?n=3&creds=1",))
    assert [c.url for c in d.candidates] == [f"{server.base_url}/article/m{i}" for i in range(3)]
    assert len(server.hits("/article/m0")) == 0  # nothing fetched yet; the ingest fetches c.url


def test_configured_credentials_are_sent_and_kept_out_of_errors(server, fetcher, fast):
    authed = server.base_url.replace("://", "://user:secret@")
    d = _discover(
        fetcher, fast, feeds=(f"{authed}/feed.xml?k=creds", f"{authed}/status/404?k=creds"),
        pages=(f"{authed}/ok/creds",),
    )
    sent = server.hits("/feed.xml?k=creds")[0].headers["Authorization"]
    assert sent == "Basic " + base64.b64encode(b"user:secret").decode()
    assert f"{authed}/ok/creds" in [c.url for c in d.candidates]  # configured: kept for the request
    assert d.errors and not any("secret" in e for e in d.errors)

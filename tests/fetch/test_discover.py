"""discover_source end to end against the fault server."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from flows.run.discover import discover_source, find_feeds
from flows.fetch.fetcher import Fetcher
from parsers.records import FeedState
from parsers.sources import Source


@pytest.fixture
def fetcher(fast):
    with Fetcher(fast) as f:
        yield f


def source(fast, **kw) -> Source:
    return Source(name="fault", homepage="http://127.0.0.1/", fetch=fast, **kw)


def now() -> datetime:
    return datetime.now(UTC)


def test_feeds_sitemaps_pages_candidates(server, fetcher, fast):
    b = server.base_url
    src = source(
        fast,
        feeds=(f"{b}/feed.xml?k=all", f"{b}/status/404", f"{b}/html-as-feed"),
        sitemaps=(f"{b}/sitemap-index.xml",),
        pages=(f"{b}/ok/page", f"{b}/article/1"),
    )
    d = discover_source(src, fetcher, {}, now=now())
    urls = [c.url for c in d.candidates]
    assert urls[:3] == [f"{b}/article/1", f"{b}/article/2", f"{b}/article/3"]
    assert set(urls[3:]) == {f"{b}/article/n{i}" for i in range(3)} | {
        f"{b}/article/gz0",
        f"{b}/article/gz1",
        f"{b}/ok/page",
    }
    assert len(urls) == len(set(urls))
    assert (
        d.candidates[0].entry.title == "One" and d.candidates[0].feed_url == f"{b}/feed.xml?k=all"
    )
    news = next(c for c in d.candidates if c.url.endswith("/n0"))
    assert news.sitemap_entry.news_title and news.feed_url is None
    assert not any("old" in u for u in urls)  # the 2001 child sitemap is outside the window
    assert server.hits("/sitemap-old.xml") == []
    assert d.errors == [
        f"feed {b}/status/404: HTTP 404",
        f"feed {b}/html-as-feed: not a feed: an HTML document",
    ]
    states = {s.url: s for s in d.feed_states}
    assert states[f"{b}/status/404"].consecutive_failures == 1
    assert states[f"{b}/feed.xml?k=all"].etag == '"feed-v1"'
    assert states[f"{b}/sitemap-news.xml"].last_success_at is not None
    assert len(d.feed_entries) == 3
    assert {f.url for f in d.fetches} >= {f"{b}/feed.xml?k=all", f"{b}/sitemap-index.xml"}


def test_304_cycle_and_due_times(server, fetcher, fast):
    feed = f"{server.base_url}/feed.xml?k=cycle"
    src = source(fast, feeds=(feed,))
    first = discover_source(src, fetcher, {}, now=now())
    assert len(first.candidates) == 3
    states = {s.url: s for s in first.feed_states}
    # not due yet: nothing is fetched
    skipped = discover_source(src, fetcher, states, now=now())
    assert skipped.fetches == [] and skipped.candidates == [] and skipped.feed_states == []
    # forced: conditional GET, 304, feed unchanged, state still healthy
    again = discover_source(src, fetcher, states, now=now(), force=True)
    assert again.fetches[0].outcome == "not_modified" and again.candidates == []
    assert again.unchanged == [feed]
    (state,) = again.feed_states
    assert state.consecutive_failures == 0 and state.validators_trusted
    assert server.hits("/feed.xml?k=cycle")[-1].headers.get("If-None-Match") == '"feed-v1"'
    # due later: the interval grew because nothing was new
    later = discover_source(src, fetcher, {feed: state}, now=now() + timedelta(hours=1))
    assert later.feed_states[0].interval_seconds > state.interval_seconds


def test_identical_body_counts_as_unchanged(server, fetcher, fast):
    feed = f"{server.base_url}/wrong-type?k=hash"
    src = source(fast, feeds=(feed,))
    first = discover_source(src, fetcher, {}, now=now())
    states = {s.url: s for s in first.feed_states}
    second = discover_source(src, fetcher, states, now=now(), force=True)
    assert second.fetches[0].outcome == "fetched" and second.candidates == []
    assert first.unchanged == [] and second.unchanged == [feed]
    assert second.feed_states[0].body_hash == states[feed].body_hash


def test_lying_etag_stops_validators(server, fetcher, fast):
    feed = f"{server.base_url}/lying-etag?k=lie"
    src = source(fast, feeds=(feed,))
    states: dict[str, FeedState] = {}
    for _ in range(2):
        d = discover_source(src, fetcher, states, now=now(), force=True)
        states = {s.url: s for s in d.feed_states}
    assert states[feed].validators_trusted is False
    discover_source(src, fetcher, states, now=now(), force=True)
    assert "If-None-Match" not in server.hits("/lying-etag?k=lie")[-1].headers


def test_304_with_moved_etag_stops_validators(server, fetcher, fast):
    feed = f"{server.base_url}/moved-304?k=moved"
    src = source(fast, feeds=(feed,))
    first = discover_source(src, fetcher, {}, now=now())
    second = discover_source(src, fetcher, {feed: first.feed_states[0]}, now=now(), force=True)
    assert second.fetches[0].outcome == "not_modified"
    assert second.feed_states[0].validators_trusted is False


def test_dead_feed_backs_off_and_source_without_feeds_works(server, fetcher, fast):
    dead = f"{server.base_url}/status/410"
    d = discover_source(source(fast, feeds=(dead,)), fetcher, {}, now=now())
    assert d.candidates == [] and d.errors == [f"feed {dead}: HTTP 410"]
    s1 = d.feed_states[0]
    d2 = discover_source(source(fast, feeds=(dead,)), fetcher, {dead: s1}, now=now(), force=True)
    s2 = d2.feed_states[0]
    assert s2.consecutive_failures == 2
    assert (s2.next_poll_at - now()) > (s1.next_poll_at - now())
    pages_only = discover_source(
        source(fast, pages=(f"{server.base_url}/ok/x",)), fetcher, {}, now=now()
    )
    assert [c.url for c in pages_only.candidates] == [f"{server.base_url}/ok/x"]
    assert pages_only.errors == [] and pages_only.fetches == []


def test_sitemap_caps(server, fetcher, fast):
    index = f"{server.base_url}/sitemap-index.xml"
    capped = discover_source(
        source(replace(fast, max_sitemap_urls=2), sitemaps=(index,)), fetcher, {}, now=now()
    )
    assert len(capped.candidates) == 2
    shallow = discover_source(
        source(replace(fast, max_sitemap_depth=0), sitemaps=(index,)), fetcher, {}, now=now()
    )
    assert shallow.candidates == [] and len(shallow.fetches) == 1
    few_docs = discover_source(
        source(replace(fast, max_sitemaps=2), sitemaps=(index,)), fetcher, {}, now=now()
    )
    assert len(few_docs.fetches) == 2


def test_gzip_bomb_sitemap_is_an_error_not_a_crash(server, fetcher, fast):
    bomb = f"{server.base_url}/sitemap-bomb.xml.gz"
    d = discover_source(
        source(replace(fast, max_bytes=5_000_000), sitemaps=(bomb,)), fetcher, {}, now=now()
    )
    assert d.candidates == [] and "exceeds" in d.errors[0]
    assert d.feed_states[0].consecutive_failures == 1


def test_sitemaps_from_robots_when_enabled(server, fetcher, fast):
    settings = replace(fast, sitemaps_from_robots=True)
    src = Source(
        name="r", homepage=f"{server.base_url}/", pages=(f"{server.base_url}/ok/r",), fetch=settings
    )
    d = discover_source(src, fetcher, {}, now=now())
    assert any(c.url.endswith("/article/n0") for c in d.candidates)
    off = discover_source(replace(src, fetch=fast), fetcher, {}, now=now())
    assert [c.url for c in off.candidates] == [f"{server.base_url}/ok/r"]


def test_homepage_configured_as_feed_gets_a_hint(server, fetcher, fast):
    page = f"{server.base_url}/homepage"
    d = discover_source(source(fast, feeds=(page,)), fetcher, {}, now=now())
    assert d.errors == [
        f"feed {page}: not a feed: an HTML document (the page advertises "
        f"{server.base_url}/feed.xml, {server.base_url}/atom.xml)"
    ]


def test_find_feeds(server, fetcher):
    feeds, result = find_feeds(f"{server.base_url}/homepage", fetcher)
    assert result.ok
    assert feeds == [f"{server.base_url}/feed.xml", f"{server.base_url}/atom.xml"]


def test_a_bug_costs_one_feed_not_the_source(server, fetcher, fast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("flows.run.discover.parse_feed", broken)
    feed = f"{server.base_url}/feed.xml?k=bug"
    src = source(fast, feeds=(feed,), pages=(f"{server.base_url}/ok/still",))
    d = discover_source(src, fetcher, {}, now=now())
    assert d.errors == [f"feed {feed}: internal error: RuntimeError: parser bug"]
    assert d.feed_states[0].consecutive_failures == 1
    assert [c.url for c in d.candidates] == [f"{server.base_url}/ok/still"]


def test_naive_stored_datetimes_are_taken_as_utc(server, fetcher, fast):
    feed = f"{server.base_url}/feed.xml?k=naive"
    future = (now() + timedelta(hours=1)).replace(tzinfo=None)
    state = FeedState(url=feed, source="fault", next_poll_at=future, last_success_at=future)
    d = discover_source(source(fast, feeds=(feed,)), fetcher, {feed: state}, now=now())
    assert d.fetches == [] and d.errors == []


def test_fault_sources_file_every_source_discovers_without_raising(server, fetcher):
    from parsers.sources import parse_sources
    from tests.fetch.faultserver import FAULT_SOURCES, fault_sources_toml

    config = parse_sources(fault_sources_toml(server.base_url))
    assert [s.name for s in config.sources] == list(FAULT_SOURCES)
    assert config.sources[0].fetch.per_host_delay == 0.05
    errors = {}
    for src in config.sources:
        d = discover_source(src, fetcher, {}, now=now())
        errors[src.name] = d.errors
    assert errors["good"] == [] and errors["sitemaps"] == []
    assert errors["gone-404"] and errors["down-503"] and errors["gzip-bomb"]


def test_malformed_but_usable_feed_is_a_note_not_an_error(server, fetcher, fast):
    feed = f"{server.base_url}/broken-feed"
    d = discover_source(source(fast, feeds=(feed,)), fetcher, {}, now=now())
    assert d.errors == [] and len(d.candidates) == 1
    (state,) = d.feed_states
    assert state.consecutive_failures == 0 and "entries recovered" in state.last_error


def test_source_with_only_a_homepage_discovers_its_feeds(server, fetcher, fast):
    b = server.base_url
    src = Source(name="fault", homepage=f"{b}/homepage", fetch=fast)
    d = discover_source(src, fetcher, {}, now=now())
    assert {s.url for s in d.feed_states} == {f"{b}/feed.xml", f"{b}/atom.xml"}
    assert f"{b}/article/1" in {c.url for c in d.candidates}
    assert d.fetches[0].url == f"{b}/homepage" and not d.errors


def test_homepage_without_feeds_is_an_error_not_a_crash(server, fetcher, fast):
    b = server.base_url
    d = discover_source(Source(name="fault", homepage=f"{b}/ok/plain", fetch=fast), fetcher, {}, now=now())
    assert d.candidates == [] and d.feed_states == []
    assert len(d.errors) == 1 and "advertises no feed" in d.errors[0]
    gone = discover_source(Source(name="fault", homepage=f"{b}/status/404", fetch=fast), fetcher, {}, now=now())
    assert gone.errors == [f"homepage {b}/status/404: HTTP 404"]

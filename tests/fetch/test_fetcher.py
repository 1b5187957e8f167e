"""Fetcher against the loopback fault server: one test per fault."""

import itertools
import threading
import time
from dataclasses import replace

import pytest

from flows.fetch.fetcher import Fetcher, user_agent
from parsers.listings.feeds import parse_feed
from tests.fetch.faultserver import start_fault_server


@pytest.fixture
def fetcher(fast):
    with Fetcher(fast) as f:
        yield f


def test_ok_and_user_agent(server, fetcher):
    result = fetcher.get(f"{server.base_url}/ok/ua")
    assert result.ok and result.outcome == "fetched" and result.status == 200
    assert b"Article ua" in result.body
    assert result.fetched_at is not None and result.elapsed > 0 and result.attempts == 1
    agent = server.hits("/ok/ua")[0].headers["User-Agent"]
    assert agent.startswith("mediamon/") and "https://ops.example/mediamon" in agent


@pytest.mark.parametrize("code", [404, 410])
def test_client_errors_fail_without_retry(server, fetcher, code):
    result = fetcher.get(f"{server.base_url}/status/{code}")
    assert result.outcome == "failed" and result.error_class == f"http_{code}"
    assert result.status == code and result.attempts == 1 and not result.ok


def test_500_then_200_is_retried(server, fetcher):
    result = fetcher.get(f"{server.base_url}/flaky/500?k=retry")
    assert result.ok and result.attempts == 2 and b"flaky 2" in result.body


def test_503_retries_with_growing_backoff_then_fails(server, fetcher, fast):
    result = fetcher.get(f"{server.base_url}/status/503?k=backoff")
    assert result.error_class == "http_503" and result.attempts == fast.retries + 1
    arrivals = [h.at for h in server.hits("/status/503?k=backoff")]
    assert len(arrivals) == fast.retries + 1
    assert all(b > a for a, b in itertools.pairwise(arrivals))


def test_429_honours_retry_after(server, fast):
    # The deadline bounds the retries too: it leaves room for the one-second Retry-After.
    with Fetcher(replace(fast, deadline=3.0)) as fetcher:
        result = fetcher.get(f"{server.base_url}/ratelimit?after=1")
    assert result.ok and result.attempts == 2
    first, second = (h.at for h in server.hits("/ratelimit?after=1"))
    assert second - first >= 0.99


def test_retry_after_holds_back_the_whole_host(fast):
    srv = start_fault_server()
    try:
        with Fetcher(fast) as f:
            other: list = []
            slow = threading.Thread(target=f.get, args=(f"{srv.base_url}/ratelimit?after=1",))
            slow.start()
            time.sleep(0.3)  # the 429 has arrived by now
            other.append(f.get(f"{srv.base_url}/ok/meanwhile"))
            slow.join()
        (limited,) = [h.at for h in srv.access_log if h.path == "/ratelimit?after=1"][:1]
        (meanwhile,) = [h.at for h in srv.access_log if h.path == "/ok/meanwhile"]
        assert other[0].ok and meanwhile - limited >= 0.99
    finally:
        srv.stop()


def test_429_retry_after_beyond_cap_gives_up(server, fetcher):
    started = time.monotonic()
    result = fetcher.get(f"{server.base_url}/ratelimit?after=3600")
    assert time.monotonic() - started < 1
    assert result.error_class == "http_429" and "cap" in result.error and result.attempts == 1


def test_redirects_followed_and_capped(server, fetcher, fast):
    result = fetcher.get(f"{server.base_url}/redirect/3")
    assert result.ok and result.final_url == f"{server.base_url}/redirect/0"
    too_many = fetcher.get(f"{server.base_url}/redirect/9", settings=replace(fast, max_redirects=2))
    assert too_many.error_class == "too_many_redirects"


def test_redirect_loop_detected(server, fetcher):
    result = fetcher.get(f"{server.base_url}/redirect-loop/a")
    assert result.outcome == "failed" and result.error_class == "redirect_loop"
    assert len(server.hits("/redirect-loop/a")) == 1


def test_dripping_body_cut_at_deadline(server, fetcher, fast):
    started = time.monotonic()
    result = fetcher.get(f"{server.base_url}/drip")
    assert result.error_class == "deadline" and result.body == b"" and result.status == 200
    assert time.monotonic() - started < fast.deadline + fast.timeout + 0.5
    assert result.attempts == 1  # a deadline is not retried: it would only cost another deadline


def test_dripping_headers_on_a_reused_connection_cut_at_deadline(server, fetcher, fast):
    assert fetcher.get(f"{server.base_url}/ok/warm").ok  # leaves a keep-alive connection
    started = time.monotonic()
    result = fetcher.get(f"{server.base_url}/drip-headers")
    assert result.error_class == "deadline" and result.outcome == "failed"
    assert time.monotonic() - started < fast.deadline + 0.5


def test_connected_address_vetted_after_dns(server, fast, monkeypatch):
    """Rebinding: the look-up said public, the connection lands on loopback: refused."""
    monkeypatch.setattr("flows.fetch.fetcher.check_url", lambda url, allow_private: None)
    with Fetcher(replace(fast, allow_private_networks=False)) as strict:
        result = strict.get(f"{server.base_url}/ok/rebound")
    assert result.outcome == "refused" and result.error_class == "private_address"
    assert "127.0.0.1" in result.error
    assert server.hits("/ok/rebound") == []


def test_connection_reset_mid_body(server, fetcher, fast):
    result = fetcher.get(f"{server.base_url}/reset")
    assert result.outcome == "failed" and result.error_class in ("read_error", "protocol")
    assert result.attempts == fast.retries + 1


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_oversized_body_aborted(server, fetcher, path):
    result = fetcher.get(f"{server.base_url}{path}")
    assert result.error_class == "too_large" and result.body == b""


def test_wrong_content_type(server, fetcher):
    feed = fetcher.get(f"{server.base_url}/wrong-type")
    assert feed.ok and feed.content_type.startswith("text/html")
    assert len(parse_feed(feed.body, feed.url, feed.content_type).entries) == 3
    image = fetcher.get(f"{server.base_url}/image.jpg")
    assert image.error_class == "content_type" and image.outcome == "failed"


def test_gzip_content_encoding_decoded(server, fetcher):
    result = fetcher.get(f"{server.base_url}/gzip-encoded")
    assert result.ok and b"Article gzip" in result.body


def test_robots_disallow_refused_without_request(server, fetcher):
    result = fetcher.get(f"{server.base_url}/private/page")
    assert result.outcome == "refused" and result.error_class == "robots"
    assert server.hits("/private/page") == []
    robots = fetcher.robots_fetches()
    assert [r.url for r in robots] == [f"{server.base_url}/robots.txt"]
    fetcher.get(f"{server.base_url}/ok/after-robots")
    assert fetcher.robots_fetches() == []  # cached per origin


def test_304_cycle(server, fetcher):
    first = fetcher.get(f"{server.base_url}/etag-feed")
    assert first.ok and first.etag == '"feed-v1"' and first.last_modified
    second = fetcher.get(
        f"{server.base_url}/etag-feed", etag=first.etag, last_modified=first.last_modified
    )
    assert second.outcome == "not_modified" and second.status == 304 and second.body == b""
    assert second.validators_sent == "both" and second.ok is False and second.error_class is None
    sent = server.hits("/etag-feed")[-1].headers
    assert sent["If-None-Match"] == '"feed-v1"' and sent["If-Modified-Since"]


def test_private_address_refused_unless_allowed(server, fast):
    with Fetcher(replace(fast, allow_private_networks=False)) as strict:
        result = strict.get(f"{server.base_url}/ok/private")
        assert result.outcome == "refused" and result.error_class == "private_address"
        assert strict.get("http://169.254.169.254/latest/meta-data/").error_class == (
            "private_address"
        )
        assert strict.get("file:///etc/passwd").error_class == "bad_scheme"
    assert server.hits("/ok/private") == []


def test_every_redirect_hop_is_policed(server, fetcher):
    result = fetcher.get(f"{server.base_url}/redirect-to?to=file:///etc/passwd")
    assert result.outcome == "refused" and result.error_class == "bad_scheme"
    assert result.final_url == "file:///etc/passwd"
    blocked = fetcher.get(f"{server.base_url}/redirect-to?to=/private/page")
    assert blocked.outcome == "refused" and blocked.error_class == "robots"


def test_connection_refused_is_a_failure(fast):
    with Fetcher(fast) as f:
        result = f.get("http://127.0.0.1:9/nothing")  # discard port: nobody listens
    assert result.outcome == "failed" and result.error_class == "connect"


def test_per_host_delay_measured_at_the_server(fast):
    delay = 0.2
    srv = start_fault_server()
    try:
        settings = replace(fast, per_host_delay=delay, per_host_concurrency=2)
        with Fetcher(settings) as f:
            threads = [
                threading.Thread(target=f.get, args=(f"{srv.base_url}/ok/rate{i}",))
                for i in range(6)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        arrivals = sorted(h.at for h in srv.access_log)
        assert len(arrivals) == 7  # robots.txt + 6 pages, all paced
        gaps = [b - a for a, b in itertools.pairwise(arrivals)]
        assert min(gaps) >= delay, gaps
    finally:
        srv.stop()


def test_global_concurrency_limit_across_hosts(fast):
    servers = [start_fault_server(robots=None) for _ in range(3)]
    try:
        settings = replace(fast, concurrency=2, per_host_delay=0.0, per_host_concurrency=2)
        with Fetcher(settings) as f:
            for srv in servers:  # robots.txt first, so only the slow pages are timed
                f.get(f"{srv.base_url}/ok/warm")
            urls = [f"{srv.base_url}/slow?s=0.3&i={i}" for srv in servers for i in range(2)]
            threads = [threading.Thread(target=f.get, args=(u,)) for u in urls]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
        # six 0.3 s requests, two at a time: three rounds
        assert elapsed >= 0.85, elapsed
    finally:
        for srv in servers:
            srv.stop()


def test_crawl_delay_larger_than_per_host_delay_wins(fast):
    srv = start_fault_server(robots="User-agent: *\nCrawl-delay: 0.3\n")
    try:
        with Fetcher(fast) as f:
            for i in range(3):
                assert f.get(f"{srv.base_url}/ok/cd{i}").ok
        arrivals = sorted(h.at for h in srv.access_log if h.path.startswith("/ok/"))
        assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.3
    finally:
        srv.stop()


def test_missing_robots_allows_everything(fast):
    srv = start_fault_server(robots=None)
    try:
        with Fetcher(fast) as f:
            assert f.get(f"{srv.base_url}/private/page").ok
            assert f.robots_fetches()[0].status == 404
    finally:
        srv.stop()


def test_robots_server_error_means_disallow_all(fast):
    srv = start_fault_server(robots=503)
    try:
        with Fetcher(replace(fast, retries=1)) as f:
            result = f.get(f"{srv.base_url}/ok/page")
        assert result.outcome == "refused" and result.error_class == "robots"
        assert srv.hits("/ok/page") == []
    finally:
        srv.stop()


def test_robots_redirect_to_nowhere_means_no_restrictions(fast):
    srv = start_fault_server(robots=301)  # a redirect without a Location
    try:
        with Fetcher(fast) as f:
            assert f.get(f"{srv.base_url}/private/page").ok
    finally:
        srv.stop()


def test_user_agent_without_contact(fast):
    assert user_agent(replace(fast, contact=None)) == fast.user_agent
    assert user_agent(fast) == "mediamon/0.1 (+https://ops.example/mediamon)"


def test_thread_safety_many_threads(server, fast):
    results = []
    with Fetcher(replace(fast, per_host_delay=0.0, concurrency=4)) as f:

        def work(i: int) -> None:
            results.append(f.get(f"{server.base_url}/ok/t{i}"))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(results) == 20 and all(r.ok for r in results)


@pytest.fixture
def receiver():
    from tests.webhooks import start_receiver

    rec = start_receiver()
    yield rec
    rec.stop()


def test_post_sends_the_body_once(receiver, fetcher):
    result = fetcher.post(f"{receiver.base_url}/hook", b'{"a": 1}', content_type="application/json")
    assert result.ok and result.status == 204 and result.attempts == 1
    (post,) = receiver.to("/hook")
    assert post.body == {"a": 1} and post.headers["Content-Type"] == "application/json"
    assert post.headers["User-Agent"].startswith("mediamon/")


def test_post_retries_a_503_then_fails(receiver, fetcher, fast):
    receiver.failing.add("/down")
    result = fetcher.post(f"{receiver.base_url}/down", b"{}", content_type="application/json")
    assert not result.ok and result.error_class == "http_503" and result.attempts == fast.retries + 1
    assert len(receiver.to("/down")) == fast.retries + 1


def test_post_to_a_private_address_is_refused_by_default(receiver, fast):
    with Fetcher(replace(fast, allow_private_networks=False)) as strict:
        result = strict.post(f"{receiver.base_url}/hook", b"{}", content_type="application/json")
    assert result.outcome == "refused" and result.error_class == "private_address"
    assert receiver.posts == []

"""Pure poll-state functions: backoff, adaptive interval, validator trust, netsafety."""

import ipaddress
from datetime import UTC, datetime, timedelta

from flows.fetch import polling
from flows.fetch.netsafety import check_url, is_public
from parsers.records import FeedState, FetchResult
from parsers.sources import FetchSettings

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
SETTINGS = FetchSettings()


def test_failure_backoff_doubles_up_to_a_day_and_never_stops():
    waits = [polling.failure_backoff(n, base=300, cap=86400) for n in range(1, 30)]
    assert waits[:4] == [300, 600, 1200, 2400]
    assert max(waits) == 86400 and waits[-1] == 86400
    state = FeedState(url="u", source="s")
    for _ in range(200):
        state = polling.after_failure(state, NOW, "HTTP 500", SETTINGS)
    assert state.consecutive_failures == 200
    assert state.next_poll_at == NOW + timedelta(seconds=86400)
    assert state.last_error == "HTTP 500"


def test_adaptive_interval_follows_rate_within_bounds():
    kw = {"minimum": 300, "maximum": 21600}
    assert polling.adapt_interval(1000, 0, 1000, **kw) == 1500  # nothing new: grow
    assert polling.adapt_interval(1000, 4, 1000, **kw) == 625  # 4 new in 1000 s: ideal 250
    assert polling.adapt_interval(300, 50, 300, **kw) == 300  # never below the minimum
    assert polling.adapt_interval(20000, 0, 20000, **kw) == 21600  # never above the maximum
    assert polling.adapt_interval(None, 0, None, **kw) == 450


def test_after_success_resets_failures_and_schedules():
    state = FeedState(
        url="u",
        source="s",
        consecutive_failures=3,
        last_error="x",
        last_success_at=NOW - timedelta(hours=1),
        interval_seconds=1200,
    )
    result = FetchResult(url="u", status=200, etag='"e"', last_modified="lm")
    new = polling.after_success(state, result, NOW, SETTINGS, body_hash="h", new_entries=2)
    assert new.consecutive_failures == 0 and new.last_error is None
    assert new.etag == '"e"' and new.body_hash == "h" and new.last_success_at == NOW
    assert new.last_new_entry_at == NOW
    assert new.interval_seconds == (1200 + 3600 / 2) / 2
    assert new.next_poll_at == NOW + timedelta(seconds=new.interval_seconds)
    first = polling.after_success(
        FeedState(url="u", source="s"), result, NOW, SETTINGS, body_hash="h", new_entries=5
    )
    assert first.interval_seconds == SETTINGS.min_poll_interval


def test_is_due():
    assert polling.is_due(FeedState(url="u", source="s"), NOW)
    later = FeedState(url="u", source="s", next_poll_at=NOW + timedelta(seconds=1))
    assert not polling.is_due(later, NOW)


def test_validator_trust():
    state = FeedState(url="u", source="s", etag='"a"', last_modified="lm", body_hash="h1")
    ok_304 = FetchResult(url="u", status=304, etag='"a"', outcome="not_modified")
    assert polling.validators_trusted(state, ok_304, None)
    moved_304 = FetchResult(url="u", status=304, etag='"b"', outcome="not_modified")
    assert not polling.validators_trusted(state, moved_304, None)
    same_etag_new_body = FetchResult(url="u", status=200, etag='"a"')
    assert not polling.validators_trusted(state, same_etag_new_body, "h2")
    honest_change = FetchResult(url="u", status=200, etag='"b"', last_modified="lm2")
    assert polling.validators_trusted(state, honest_change, "h2")
    weak_304 = FetchResult(url="u", status=304, etag='W/"a"', outcome="not_modified")
    assert polling.validators_trusted(state, weak_304, None)
    dated = FeedState(url="u", source="s", last_modified="Mon, 23 Nov 2026 12:00:00 GMT")
    later_304 = FetchResult(
        url="u", status=304, last_modified="Tue, 24 Nov 2026 08:00:00 GMT", outcome="not_modified"
    )
    assert not polling.validators_trusted(dated, later_304, None)
    untrusted = FeedState(url="u", source="s", etag='"a"', validators_trusted=False)
    assert polling.validators(untrusted) == (None, None)
    assert polling.validators(state) == ('"a"', "lm")


def test_address_policy():
    assert not is_public(ipaddress.ip_address("10.1.2.3"))
    assert not is_public(ipaddress.ip_address("169.254.169.254"))
    assert not is_public(ipaddress.ip_address("100.100.100.200"))  # CGNAT range metadata
    assert not is_public(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert not is_public(ipaddress.ip_address("fd00:ec2::254"))
    assert is_public(ipaddress.ip_address("93.184.216.34"))
    assert check_url("http://127.0.0.1/", allow_private=False).error_class == "private_address"
    assert check_url("http://2130706433/", allow_private=False).error_class == "private_address"
    assert check_url("http://[::1]:8080/", allow_private=False).error_class == "private_address"
    assert check_url("http://127.0.0.1/", allow_private=True) is None
    assert check_url("gopher://x/", allow_private=True).error_class == "bad_scheme"

"""Poll scheduling and conditional-GET bookkeeping for one feed or sitemap: pure functions.

Intervals: a healthy feed's interval follows its rate of new entries (aiming at about one new
entry per poll) between `min_poll_interval` and `max_poll_interval`; a failing feed backs off
exponentially up to `max_failure_backoff` and is never dropped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from parsers.records import FeedState, FetchResult
from parsers.sources import FetchSettings

GROWTH = 1.5  # interval multiplier after a poll with nothing new


def as_utc(value: datetime | None) -> datetime | None:
    """Aware UTC; a naive value (a store that drops the zone) is taken to be UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_due(state: FeedState, now: datetime) -> bool:
    next_poll = as_utc(state.next_poll_at)
    return next_poll is None or next_poll <= as_utc(now)


def validators(state: FeedState) -> tuple[str | None, str | None]:
    """(etag, last_modified) to send, or (None, None) once the server proved them unreliable."""
    if not state.validators_trusted:
        return None, None
    return state.etag, state.last_modified


def failure_backoff(failures: int, *, base: float, cap: float) -> float:
    """Seconds to wait after `failures` consecutive failures: base, 2*base, 4*base ... cap."""
    if failures <= 0:
        return base
    return min(cap, base * 2 ** min(failures - 1, 32))


def adapt_interval(
    previous: float | None,
    new_entries: int,
    elapsed: float | None,
    *,
    minimum: float,
    maximum: float,
) -> float:
    """The next interval from the previous one and what the last poll found.

    New entries seen over `elapsed` seconds give an ideal interval of elapsed / new_entries (one
    entry per poll); the result moves halfway there, to damp bursts. Nothing new: grow by GROWTH.
    """
    current = previous if previous is not None else minimum
    if new_entries > 0 and elapsed is not None and elapsed > 0:
        current = (current + elapsed / new_entries) / 2
    elif new_entries == 0:
        current *= GROWTH
    return max(minimum, min(maximum, current))


def validators_trusted(state: FeedState, result: FetchResult, body_hash: str | None) -> bool:
    """Whether the server's validators still deserve to be sent after `result`.

    They are proven unreliable when a 304 names another ETag or a later Last-Modified than the
    ones we sent (the content moved behind a "not modified"), or when a 200 carries the very
    ETag or Last-Modified we hold while the body changed (a 304 would have hidden a change).
    Weak and strong forms of one ETag (W/"x" and "x") count as the same.
    """
    if not state.validators_trusted:
        return False
    if result.outcome == "not_modified":
        moved_etag = bool(result.etag and state.etag) and not _same_etag(result.etag, state.etag)
        return not (moved_etag or _later(result.last_modified, state.last_modified))
    if body_hash is None or state.body_hash is None or body_hash == state.body_hash:
        return True
    same_etag = bool(result.etag and state.etag) and _same_etag(result.etag, state.etag)
    same_date = bool(result.last_modified) and result.last_modified == state.last_modified
    return not (same_etag or same_date)


def _same_etag(a: str | None, b: str | None) -> bool:
    return (a or "").removeprefix("W/") == (b or "").removeprefix("W/")


def _later(value: str | None, than: str | None) -> bool:
    """Is HTTP date `value` later than HTTP date `than`? False when either is unreadable."""
    if not value or not than:
        return False
    try:
        return parsedate_to_datetime(value) > parsedate_to_datetime(than)
    except (TypeError, ValueError):
        return False


def after_success(
    state: FeedState,
    result: FetchResult,
    now: datetime,
    settings: FetchSettings,
    *,
    body_hash: str | None,
    new_entries: int,
) -> FeedState:
    """The state after a poll that answered (200 or 304); `body_hash` None for a 304."""
    last = as_utc(state.last_success_at)
    elapsed = (as_utc(now) - last).total_seconds() if last else None
    first_poll = state.last_success_at is None
    interval = (
        settings.min_poll_interval
        if first_poll
        else adapt_interval(
            state.interval_seconds,
            new_entries,
            elapsed,
            minimum=settings.min_poll_interval,
            maximum=settings.max_poll_interval,
        )
    )
    return replace(
        state,
        etag=result.etag or state.etag,
        last_modified=result.last_modified or state.last_modified,
        body_hash=body_hash or state.body_hash,
        validators_trusted=validators_trusted(state, result, body_hash),
        consecutive_failures=0,
        last_success_at=now,
        last_new_entry_at=now if new_entries > 0 else state.last_new_entry_at,
        next_poll_at=now + timedelta(seconds=interval),
        interval_seconds=interval,
        last_error=None,
    )


def after_failure(
    state: FeedState, now: datetime, error: str, settings: FetchSettings
) -> FeedState:
    """The state after a failed poll: count it and back off; validators and history are kept."""
    failures = state.consecutive_failures + 1
    wait = failure_backoff(
        failures, base=settings.min_poll_interval, cap=settings.max_failure_backoff
    )
    return replace(
        state,
        consecutive_failures=failures,
        next_poll_at=now + timedelta(seconds=wait),
        last_error=error,
    )

"""Crawler manners shared by every thread of a run: per-host pacing and the robots.txt cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from parsers.records import FetchResult
from parsers.listings.robots import RobotsRules, parse_robots

# How long an unusable robots.txt (5xx, unreachable) is remembered before asking again.
ROBOTS_ERROR_TTL = 300.0


def host_key(url: str) -> str:
    """The politeness key: host and port, lower-case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


@dataclass(slots=True)
class _Host:
    semaphore: threading.Semaphore
    next_start: float = 0.0
    awaiting_answer: int = 0  # requests started whose response headers have not arrived yet
    deferred_until: float = 0.0  # the host's own Retry-After


class HostDeferred(Exception):
    """The host holds requests back (Retry-After) for longer than the caller would wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"host defers requests for {seconds:.0f}s")
        self.seconds = seconds


class HostLimiter:
    """A global cap on requests in flight plus, per host, a cap and a minimum gap.

    The gap runs from the moment the previous request to the host got its response headers (or
    failed) to the start of the next one. Measuring from the answer rather than from our own
    start means the server sees arrivals at least `delay` apart even when one request spent time
    connecting and the next reused a warm connection, and a slow server is paced more gently.
    So requests to one host overlap only in their body downloads (per_host_concurrency caps
    that). A host's concurrency cap is fixed by the first request to it; `delay` is per request.
    """

    def __init__(self, concurrency: int) -> None:
        self._global = threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._hosts: dict[str, _Host] = {}

    @contextmanager
    def slot(
        self, host: str, *, delay: float, per_host: int, patience: float = float("inf")
    ) -> Iterator[Callable[[], None]]:
        """Hold a request slot for `host`; blocks until the host and the global limit allow it.

        Yields `answered`, to be called when the response headers arrive (calling it again, or
        not at all, is fine: leaving the block counts as answered). Raises HostDeferred when the
        host's Retry-After would keep the caller waiting longer than `patience` seconds.
        """
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = self._hosts[host] = _Host(threading.BoundedSemaphore(max(1, per_host)))
        with state.semaphore:
            self._start(state, delay, patience)
            done = False

            def answered() -> None:
                nonlocal done
                with self._changed:
                    if done:
                        return
                    done = True
                    state.awaiting_answer -= 1
                    state.next_start = max(state.next_start, time.monotonic() + delay)
                    self._changed.notify_all()

            try:
                yield answered
            finally:
                answered()
                self._global.release()

    def defer(self, host: str, seconds: float) -> None:
        """Hold every request to `host` back for `seconds` (the host asked: 429 / Retry-After)."""
        with self._changed:
            state = self._hosts.get(host)
            if state is not None:
                until = time.monotonic() + seconds
                state.next_start = max(state.next_start, until)
                state.deferred_until = max(state.deferred_until, until)

    def _start(self, state: _Host, delay: float, patience: float) -> None:
        while True:
            with self._changed:
                while state.awaiting_answer:
                    self._changed.wait()
                now = time.monotonic()
                if state.deferred_until - now > patience:
                    raise HostDeferred(state.deferred_until - now)
                wait = state.next_start - now
            if wait > 0:
                time.sleep(wait)
                continue
            self._global.acquire()
            with self._changed:
                now = time.monotonic()
                if not state.awaiting_answer and now >= state.next_start:
                    state.awaiting_answer += 1
                    state.next_start = now + delay
                    return
            self._global.release()  # another thread of this host started meanwhile


@dataclass(slots=True)
class RobotsVerdict:
    """The robots.txt of one origin, or the failed fetch that stands for an unreachable host."""

    rules: RobotsRules
    fetched_at: float
    ttl: float
    failure: FetchResult | None = None


@dataclass(slots=True)
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    verdict: RobotsVerdict | None = None


class RobotsCache:
    """robots.txt per origin, fetched once and kept `ttl` seconds (RFC 9309 rules for errors).

    200: parsed. 4xx, or redirects that lead nowhere: no restrictions. 5xx and 429: everything
    disallowed for ROBOTS_ERROR_TTL. No answer at all (DNS, connect, timeout): the verdict
    carries the failure, so the caller reports the real reason rather than "robots".
    """

    def __init__(self, fetch: Callable[[str], FetchResult]) -> None:
        self._fetch = fetch
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._log: list[FetchResult] = []

    def verdict(self, url: str, ttl: float) -> RobotsVerdict:
        key = origin(url)
        with self._lock:
            entry = self._entries.setdefault(key, _Entry())
        with entry.lock:
            verdict = entry.verdict
            if verdict is None or time.monotonic() - verdict.fetched_at > verdict.ttl:
                verdict = entry.verdict = self._load(key, ttl)
            return verdict

    def drain_log(self) -> list[FetchResult]:
        """The robots.txt fetches made since the last call (for the fetch log)."""
        with self._lock:
            log, self._log = self._log, []
        return log

    def _load(self, key: str, ttl: float) -> RobotsVerdict:
        result = self._fetch(f"{key}/robots.txt")
        with self._lock:
            self._log.append(result)
        now = time.monotonic()
        if result.status == 200 and result.error_class is None:
            return RobotsVerdict(parse_robots(result.body), now, ttl)
        if result.status is not None and (
            300 <= result.status < 500 and result.status != 429
        ):  # 4xx, or redirects that went nowhere: "unavailable", no restrictions (RFC 9309)
            return RobotsVerdict(RobotsRules.allow_all(), now, ttl)
        if result.status is not None:
            return RobotsVerdict(RobotsRules.disallow_all(), now, ROBOTS_ERROR_TTL)
        return RobotsVerdict(RobotsRules.disallow_all(), now, ROBOTS_ERROR_TTL, failure=result)

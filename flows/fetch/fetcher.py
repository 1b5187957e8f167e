"""The HTTP client of a run: polite, bounded and never raising.

One `Fetcher` is shared by every source task (threads). Each `get` is checked against the address
policy and robots.txt on every redirect hop, paced per host, retried on transient failures, and
cut off by size and by a total deadline. Whatever happens, the caller gets a `FetchResult`.
"""

from __future__ import annotations

import random
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from flows.fetch.connguard import exchange_scope, guarded_transport
from flows.fetch.netsafety import check_url
from flows.fetch.politeness import HostDeferred, HostLimiter, RobotsCache, host_key
from parsers.records import FetchResult
from parsers.listings.robots import MAX_ROBOTS_BYTES
from parsers.sources import FetchSettings
from parsers.urls import strip_userinfo

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Media types never worth downloading for text extraction.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")


def user_agent(settings: FetchSettings) -> str:
    """The User-Agent header: the configured product, with the contact URL when one is set."""
    agent = settings.user_agent
    if settings.contact:
        agent = f"{agent.split(' (', 1)[0]} (+{settings.contact})"
    return agent


def environment_proxied() -> bool:
    """Whether the environment names a proxy; NO_PROXY alone (`{'no': ...}`) names none."""
    return any(scheme != "no" and url for scheme, url in urllib.request.getproxies().items())


def robots_token(settings: FetchSettings) -> str:
    """The product token robots.txt groups are matched against ("mediamon")."""
    return settings.user_agent.split("/", 1)[0].split()[0].lower()


class _Clock:
    """The deadline of one request: its exchanges and the waits between its retries, every hop
    included. Waiting for the host's turn is politeness, not the request's time: it is not counted."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._spent = 0.0
        self._since: float | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        self._since = time.monotonic()
        try:
            yield
        finally:
            self._spent += time.monotonic() - self._since
            self._since = None

    def remaining(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self.seconds - self._spent - running


@dataclass(slots=True)
class _Attempt:
    """One HTTP exchange (no redirect following), before it becomes a FetchResult."""

    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes = b""
    error_class: str | None = None
    error: str | None = None
    refused: bool = False  # policy refusal (the connected address), not a failure


class Fetcher:
    """Shared HTTP client; `settings` gives the global concurrency and the default manners."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._limiter = HostLimiter(settings.concurrency)
        limits = httpx.Limits(max_connections=max(1, settings.concurrency) * 2)
        # Behind a proxy (environment variables) the peer is the proxy: httpx's own transports
        # are kept so the proxy works, and only check_url's look-up guards private addresses.
        proxied = environment_proxied()
        self._client = httpx.Client(
            follow_redirects=False,
            limits=limits,
            transport=None if proxied else guarded_transport(limits),
        )
        self._robots = RobotsCache(self._fetch_robots)
        self._robots_settings: dict[str, FetchSettings] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def robots_fetches(self) -> list[FetchResult]:
        """robots.txt fetches made since the last call; store them in the fetch log too."""
        return self._robots.drain_log()

    def sitemaps_in_robots(self, url: str, *, settings: FetchSettings | None = None) -> list[str]:
        """The `Sitemap:` URLs of the robots.txt of `url`'s origin (fetched and cached)."""
        settings = settings or self._settings
        if check_url(url, allow_private=settings.allow_private_networks) is not None:
            return []
        with self._lock:
            self._robots_settings.setdefault(host_key(url), settings)
        return list(self._robots.verdict(url, settings.robots_ttl).rules.sitemaps)

    def get(
        self,
        url: str,
        *,
        settings: FetchSettings | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET `url` with the source's `settings`; conditional when validators are given.

        Outcomes: "fetched" (2xx, body read), "not_modified" (304), "refused" (policy: scheme,
        private address, robots.txt) or "failed" (everything else, `error_class` says what).
        """
        settings = settings or self._settings
        return _timed(url, lambda: self._get(url, settings, etag, last_modified))

    def post(
        self, url: str, content: bytes, *, content_type: str, settings: FetchSettings | None = None
    ) -> FetchResult:
        """POST `content` to `url` (a webhook) under the address policy of `get`, retried on the
        same transient failures within the deadline. robots.txt is not consulted (nothing is
        crawled) and redirects are not followed: a 3xx answer is a failure, as the body would not
        be sent on.
        """
        settings = settings or self._settings
        headers = {"User-Agent": user_agent(settings), "Content-Type": content_type}

        def send() -> FetchResult:
            result = FetchResult(url=url, final_url=url)
            refusal = check_url(url, allow_private=settings.allow_private_networks)
            if refusal is not None:
                return _fail(result, refusal.outcome, refusal.error_class, refusal.error)
            attempt, result.attempts = self._with_retries(
                url, settings, headers, _Clock(settings.deadline), robots=False, method="POST", content=content
            )
            return _finish(result, attempt)

        return _timed(url, send)

    def _get(
        self,
        url: str,
        settings: FetchSettings,
        etag: str | None,
        last_modified: str | None,
        *,
        robots: bool = False,
    ) -> FetchResult:
        """Follow redirects by hand so every hop is policed; `robots` for robots.txt itself."""
        headers = {"User-Agent": user_agent(settings), "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        sent = {(True, True): "both", (True, False): "etag", (False, True): "last_modified"}.get(
            (bool(etag), bool(last_modified))
        )
        result = FetchResult(url=url, validators_sent=sent)
        clock = _Clock(settings.deadline)
        current, seen = url, {url}
        for _hop in range(settings.max_redirects + 1):
            result.final_url = current
            refusal = self._police(current, settings, robots=robots)
            if refusal is not None:
                return _fail(result, *refusal)
            attempt, tries = self._with_retries(current, settings, headers, clock, robots=robots)
            result.attempts += tries
            location = attempt.headers.get("location") if attempt.headers is not None else None
            if attempt.status in REDIRECT_STATUSES and location and attempt.error_class is None:
                target = urljoin(current, location.strip())
                result.status = attempt.status  # kept if the chain ends in a loop or the cap
                if target in seen:
                    where = strip_userinfo(target)
                    return _fail(result, "failed", "redirect_loop", f"redirect loop at {where}")
                seen.add(target)
                current = target
                continue
            return _finish(result, attempt)
        return _fail(
            result, "failed", "too_many_redirects", f"more than {settings.max_redirects} redirects"
        )

    def _police(
        self, url: str, settings: FetchSettings, *, robots: bool
    ) -> tuple[str, str, str] | None:
        """Address policy then robots: (outcome, error_class, error) when `url` is off limits."""
        refusal = check_url(url, allow_private=settings.allow_private_networks)
        if refusal is not None:
            return refusal.outcome, refusal.error_class, refusal.error
        if robots:  # robots.txt itself is always allowed
            return None
        with self._lock:
            self._robots_settings.setdefault(host_key(url), settings)
        verdict = self._robots.verdict(url, settings.robots_ttl)
        if verdict.failure is not None:
            failure = verdict.failure
            return failure.outcome, failure.error_class or "robots", f"robots.txt: {failure.error}"
        if not verdict.rules.allowed(url, robots_token(settings)):
            return "refused", "robots", "disallowed by robots.txt"
        return None

    def _fetch_robots(self, robots_url: str) -> FetchResult:
        """Fetch a robots.txt with the manners of the source that first needed it."""
        with self._lock:
            settings = self._robots_settings.get(host_key(robots_url), self._settings)
        settings = replace(settings, max_bytes=min(settings.max_bytes, MAX_ROBOTS_BYTES))
        return _timed(robots_url, lambda: self._get(robots_url, settings, None, None, robots=True))

    def _with_retries(
        self,
        url: str,
        settings: FetchSettings,
        headers: dict[str, str],
        clock: _Clock,
        *,
        robots: bool,
        method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[_Attempt, int]:
        """One hop with retries on connection errors, 5xx and 429, within the request's deadline;
        returns (last attempt, tries). A robots.txt Crawl-delay paces crawling GETs only.

        A Retry-After that ends past the deadline is given up at once (`retry_after_exceeded`),
        and so is every other request to the host while it holds them back: the next run asks again.
        """
        host = host_key(url)
        tries = 0
        crawling = method == "GET" and not robots
        while True:
            delay = self._host_delay(url, settings) if crawling else settings.per_host_delay
            try:
                with self._limiter.slot(
                    host, delay=delay, per_host=settings.per_host_concurrency, patience=clock.remaining()
                ) as answered, clock.running():
                    attempt = self._exchange(url, settings, headers, answered, clock, method, content)
            except HostDeferred as held:
                return _past_deadline(None, held.seconds, settings), tries
            tries += 1
            if tries > settings.retries or not _retryable(attempt):
                return attempt, tries
            wait = settings.retry_backoff * (2 ** (tries - 1)) * random.uniform(0.5, 1.5)
            retry_after = _retry_after(attempt.headers)
            if retry_after is not None:
                self._limiter.defer(host, min(retry_after, settings.retry_after_cap))
                if retry_after > settings.retry_after_cap:
                    attempt.error = (
                        f"HTTP {attempt.status}, Retry-After {retry_after:.0f}s exceeds the "
                        f"{settings.retry_after_cap:.0f}s cap"
                    )
                    return attempt, tries
                if retry_after > clock.remaining():
                    return _past_deadline(attempt, retry_after, settings), tries
                wait = max(wait, retry_after)
            if wait >= clock.remaining():  # the retry could not finish in time: this answer stands
                return attempt, tries
            with clock.running():
                time.sleep(wait)

    def _host_delay(self, url: str, settings: FetchSettings) -> float:
        """per_host_delay, or the host's robots.txt Crawl-delay (capped) when that is larger."""
        rules = self._robots.verdict(url, settings.robots_ttl).rules
        crawl_delay = rules.crawl_delay(robots_token(settings)) or 0.0
        return max(settings.per_host_delay, min(crawl_delay, settings.max_crawl_delay))

    def _exchange(
        self,
        url: str,
        settings: FetchSettings,
        headers: dict[str, str],
        answered: Callable[[], None],
        clock: _Clock,
        method: str = "GET",
        content: bytes | None = None,
    ) -> _Attempt:
        vet = not settings.allow_private_networks
        with exchange_scope(deadline=clock.remaining(), vet_address=vet) as scope:
            attempt = self._exchange_guarded(url, settings, headers, answered, clock, method, content)
        if scope.refused is not None:
            return _Attempt(error_class="private_address", error=scope.refused, refused=True)
        if scope.expired and attempt.error_class in ("timeout", "read_error", "protocol"):
            message = f"not complete within the {settings.deadline:g}s deadline"
            return _broken(attempt, "deadline", message)
        return attempt

    def _exchange_guarded(
        self,
        url: str,
        settings: FetchSettings,
        headers: dict[str, str],
        answered: Callable[[], None],
        clock: _Clock,
        method: str,
        content: bytes | None,
    ) -> _Attempt:
        timeout = httpx.Timeout(settings.timeout)

        def trace(event: str, info: dict) -> None:
            if event.endswith("receive_response_headers.complete"):
                answered()

        head = _Attempt()  # what is known once the response headers are in
        try:
            with self._client.stream(
                method, url, headers=headers, content=content, timeout=timeout, extensions={"trace": trace}
            ) as response:
                head = _Attempt(status=response.status_code, headers=response.headers)
                if not 200 <= response.status_code < 300:
                    return head  # redirects, 304 and errors: the body is not wanted
                refusal = _refuse_early(response, settings)
                if refusal is not None:
                    head.error_class, head.error = refusal
                    return head
                body, failure = _read_body(response, settings, clock)
                if failure is not None:
                    head.error_class, head.error = failure
                else:
                    head.body = body
                return head
        except httpx.TimeoutException as exc:
            return _broken(head, "timeout", f"{exc.__class__.__name__}: {exc}")
        except httpx.ConnectError as exc:
            if _caused_by(exc, ssl.SSLError):  # a bad certificate will not fix itself on retry
                return _broken(head, "tls", f"TLS failed: {exc}")
            return _broken(head, "connect", f"connection failed: {exc}")
        except httpx.ReadError as exc:
            return _broken(head, "read_error", f"connection broken: {exc}")
        except (httpx.RemoteProtocolError, httpx.WriteError) as exc:
            return _broken(head, "protocol", f"connection broken: {exc}")
        except httpx.DecodingError as exc:
            return _broken(head, "decoding", f"bad content encoding: {exc}")
        except httpx.HTTPError as exc:
            return _broken(head, "http_error", f"{exc.__class__.__name__}: {exc}")


def _broken(head: _Attempt, error_class: str, error: str) -> _Attempt:
    """An exchange that failed, keeping the status and headers if they had arrived."""
    return _Attempt(status=head.status, headers=head.headers, error_class=error_class, error=error)


def _refuse_early(response: httpx.Response, settings: FetchSettings) -> tuple[str, str] | None:
    """Reject before reading: a declared length over max_bytes, or a binary media type."""
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        return "too_large", f"Content-Length {length} exceeds max_bytes {settings.max_bytes}"
    content_type = response.headers.get("content-type", "").lower()
    if content_type.startswith(_BINARY_PREFIXES):
        return "content_type", f"unwanted content type {content_type}"
    return None


def _read_body(
    response: httpx.Response, settings: FetchSettings, clock: _Clock
) -> tuple[bytes, tuple[str, str] | None]:
    """Stream the (decoded) body, aborting past max_bytes or past the total deadline.

    `iter_bytes()` without a chunk size yields data as it arrives, so the checks run on every
    read; the connection guard covers a read that blocks across the deadline.
    """
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            return b"", ("too_large", f"body exceeds max_bytes {settings.max_bytes}")
        if clock.remaining() < 0:
            return b"", ("deadline", f"not complete within the {settings.deadline:g}s deadline")
        chunks.append(chunk)
    return b"".join(chunks), None


def _past_deadline(attempt: _Attempt | None, wait: float, settings: FetchSettings) -> _Attempt:
    """Given up because the host asked to wait `wait` seconds, past the request's deadline."""
    status = f"HTTP {attempt.status}, " if attempt is not None and attempt.status else ""
    return _Attempt(
        status=attempt.status if attempt is not None else None,
        headers=attempt.headers if attempt is not None else None,
        error_class="retry_after_exceeded",
        error=f"{status}Retry-After {wait:.0f}s ends past the {settings.deadline:g}s deadline; "
        "asked again next run",
    )


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retryable(attempt: _Attempt) -> bool:
    """Transient: a broken connection, or a 5xx / 429 answer.

    Timeouts and deadlines are not retried: each retry would cost another full wait.
    """
    if attempt.error_class is not None:
        return attempt.error_class in ("connect", "read_error", "protocol")
    return attempt.status in RETRY_STATUSES


def _retry_after(headers: httpx.Headers | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None."""
    value = (headers or {}).get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _finish(result: FetchResult, attempt: _Attempt) -> FetchResult:
    """Fold the final hop's attempt into the result."""
    result.status = attempt.status
    if attempt.headers is not None:
        result.content_type = attempt.headers.get("content-type")
        result.etag = attempt.headers.get("etag")
        result.last_modified = attempt.headers.get("last-modified")
    if attempt.error_class is not None:
        outcome = "refused" if attempt.refused else "failed"
        return _fail(result, outcome, attempt.error_class, attempt.error or attempt.error_class)
    status = attempt.status or 0
    if status == 304:
        result.outcome = "not_modified"
    elif 200 <= status < 300:
        result.body = attempt.body
        result.outcome = "fetched"
    else:
        message = attempt.error or f"HTTP {status}"
        return _fail(result, "failed", f"http_{status}", message)
    return result


def _fail(result: FetchResult, outcome: str, error_class: str, error: str) -> FetchResult:
    result.outcome, result.error_class, result.error = outcome, error_class, error
    result.body = b""
    return result


def _timed(url: str, request: Callable[[], FetchResult]) -> FetchResult:
    """`request()` with its duration and start time recorded; a bug in it costs one URL, not the run."""
    started = time.monotonic()
    fetched_at = datetime.now(UTC)
    try:
        result = request()
    except Exception as exc:
        result = FetchResult(
            url=url,
            error_class="internal",
            error=f"{exc.__class__.__name__}: {exc}",
            outcome="failed",
        )
    result.elapsed = time.monotonic() - started
    result.fetched_at = fetched_at
    return result

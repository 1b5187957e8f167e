"""Discovery for one source: poll its feeds and sitemaps, list the article URLs to fetch.

What counts as a *new* entry (for the adaptive interval and `last_new_entry_at`): only a feed
whose body changed can have new entries; in it, an entry is new when its published/updated date
is later than the feed's previous successful poll (every entry on the first poll). When none of
the feed's entries carry a date, a changed body counts as one new entry. This needs no stored
entry list; the warehouse's URL dedupe decides what is actually new to the archive.

Sitemaps: a sitemap listed by the source is fetched without validators, because an index
answered with 304 would hide its children; child sitemaps are fetched conditionally, skipped
when their index lastmod is older than the window, and visited newest first within the caps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from flows.fetch import polling
from flows.fetch.fetcher import Fetcher
from parsers.listings.discovery import discover_feeds
from parsers.listings.feeds import parse_feed
from parsers.records import FeedEntry, FeedState, FetchResult, ParsedFeed, SitemapUrl
from parsers.listings.sitemaps import parse_sitemap
from parsers.sources import FetchSettings, Source
from parsers.urls import link_url, normalize_url, strip_userinfo

T = TypeVar("T")


@dataclass
class Candidate:
    """An article URL to fetch and where it came from."""

    url: str
    feed_url: str | None = None
    entry: FeedEntry | None = None
    sitemap_entry: SitemapUrl | None = None


@dataclass
class Discovery:
    candidates: list[Candidate] = field(default_factory=list)
    fetches: list[FetchResult] = field(default_factory=list)
    feed_states: list[FeedState] = field(default_factory=list)
    feed_entries: list[tuple[str, FeedEntry]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Feeds and sitemaps that answered but had not changed (304, or the same body as last time).
    unchanged: list[str] = field(default_factory=list)


def discover_source(
    source: Source,
    fetcher: Fetcher,
    states: dict[str, FeedState],
    *,
    now: datetime,
    force: bool = False,
) -> Discovery:
    """Poll `source`'s feeds, sitemaps and pages; never raises for a network or content problem.

    A source that lists none of them has its feeds discovered from its homepage on every run.

    `states` maps feed/sitemap URL to its stored state (missing ones start fresh). Feeds and
    sitemaps whose `next_poll_at` is in the future are skipped unless `force`. Candidates are
    deduplicated by URL: feed entries first, then sitemap URLs, then the source's `pages`.
    """
    run = _Run(source, fetcher, states, now, force)
    feeds = list(source.feeds)
    if not (source.feeds or source.sitemaps or source.pages):
        feeds = _autodiscover(source, fetcher, run.out)
    for feed_url in feeds:
        run.guarded("feed", feed_url, partial(run.poll_feed, feed_url), None)
    sitemaps = list(source.sitemaps)
    if not sitemaps and source.fetch.sitemaps_from_robots:
        sitemaps = fetcher.sitemaps_in_robots(source.homepage, settings=source.fetch)
    run.walk_sitemaps(sitemaps)
    for page in source.pages:
        run.add(Candidate(url=page), configured=True)
    return run.out


def find_feeds(
    homepage: str, fetcher: Fetcher, settings: FetchSettings | None = None
) -> tuple[list[str], FetchResult]:
    """Feed autodiscovery: fetch `homepage` and return the feeds it advertises, and the fetch."""
    result = fetcher.get(homepage, settings=settings)
    if not result.ok:
        return [], result
    return discover_feeds(result.body, result.final_url or homepage), result


def _autodiscover(source: Source, fetcher: Fetcher, out: Discovery) -> list[str]:
    feeds, result = find_feeds(source.homepage, fetcher, source.fetch)
    out.fetches.append(result)
    homepage = strip_userinfo(source.homepage)
    if not result.ok:
        out.errors.append(f"homepage {homepage}: {describe(result)}")
    elif not feeds:
        out.errors.append(
            f"homepage {homepage}: advertises no feed (<link rel=\"alternate\">); "
            "list the source's feeds, sitemaps or pages"
        )
    return feeds


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def describe(result: FetchResult) -> str:
    """A short operator-facing reason: "HTTP 404", "timeout: ...", "refused by robots.txt"."""
    if result.error_class and result.error_class.startswith("http_"):
        return result.error or f"HTTP {result.status}"
    return f"{result.error_class}: {result.error}"


class _Run:
    """The mutable bookkeeping of one discover_source call."""

    def __init__(
        self,
        source: Source,
        fetcher: Fetcher,
        states: dict[str, FeedState],
        now: datetime,
        force: bool,
    ) -> None:
        self.source, self.fetcher, self.states = source, fetcher, states
        self.settings = source.fetch
        self.now, self.force = now, force
        self.out = Discovery()
        self.by_url: dict[str, Candidate] = {}
        self.window_start = now - timedelta(days=self.settings.sitemap_window_days)
        self.url_budget = self.settings.max_sitemap_urls  # sitemap URLs still to take

    def add(self, candidate: Candidate, *, configured: bool = False) -> None:
        """Take a candidate once per normalised URL: links that differ only in tracking
        parameters or fragment are one page, fetched once. Only a `configured` URL (the sources
        file's) keeps its credentials for the request."""
        if not configured:
            candidate.url = link_url(candidate.url)
        key = normalize_url(candidate.url)
        existing = self.by_url.get(key)
        if existing is None:
            self.by_url[key] = candidate
            self.out.candidates.append(candidate)
        elif existing.sitemap_entry is None and candidate.sitemap_entry is not None:
            existing.sitemap_entry = candidate.sitemap_entry

    def state(self, url: str) -> FeedState:
        """The stored state of a configured feed or sitemap, under the URL it is requested by
        (stored states have no credentials in their URL)."""
        stored = self.states.get(strip_userinfo(url))
        return replace(stored, url=url) if stored else FeedState(url=url, source=self.source.name)

    def fail(self, kind: str, state: FeedState, message: str) -> None:
        self.out.errors.append(f"{kind} {strip_userinfo(state.url)}: {message}")
        self.out.feed_states.append(polling.after_failure(state, self.now, message, self.settings))

    def succeed(
        self,
        state: FeedState,
        result: FetchResult,
        digest: str | None,
        new_entries: int,
        note: str | None = None,
    ) -> None:
        """Record a poll that answered.

        `note` says what was wrong with a document that was still usable (a malformed feed with
        recovered entries). It is kept as the state's last_error, not reported as a run error:
        such feeds tend to be malformed on every poll.
        """
        updated = polling.after_success(
            state, result, self.now, self.settings, body_hash=digest, new_entries=new_entries
        )
        unchanged = digest is None or digest == state.body_hash
        if note is None and unchanged and state.consecutive_failures == 0:
            note = state.last_error  # the same document is as malformed as at the last poll
        self.out.feed_states.append(replace(updated, last_error=note) if note else updated)
        if unchanged:
            self.out.unchanged.append(strip_userinfo(state.url))

    def fetch(self, state: FeedState, conditional: bool = True) -> FetchResult:
        etag, last_modified = polling.validators(state) if conditional else (None, None)
        result = self.fetcher.get(
            state.url, settings=self.settings, etag=etag, last_modified=last_modified
        )
        self.out.fetches.append(result)
        return result

    def poll_feed(self, url: str) -> None:
        state = self.state(url)
        if not self.force and not polling.is_due(state, self.now):
            return
        result = self.fetch(state)
        if result.outcome == "not_modified":
            return self.succeed(state, result, None, 0)
        if not result.ok:
            return self.fail("feed", state, describe(result))
        digest = body_hash(result.body)
        if digest == state.body_hash:
            return self.succeed(state, result, digest, 0)
        parsed = parse_feed(result.body, result.final_url or url, result.content_type)
        if parsed.error and not parsed.entries:
            return self.fail("feed", state, parsed.error + _advertised(result))
        note = f"{parsed.error} ({len(parsed.entries)} entries recovered)" if parsed.error else None
        self.succeed(state, result, digest, _count_new(parsed, state), note)
        for entry in _newest_entries(parsed.entries, self.settings.max_feed_entries):
            self.out.feed_entries.append((url, entry))
            self.add(Candidate(url=entry.link, feed_url=url, entry=entry))

    def guarded(self, kind: str, url: str, poll: Callable[[], T], default: T) -> T:
        """Run one feed or sitemap poll; a bug costs that URL (error, failed state), not the run."""
        try:
            return poll()
        except Exception as exc:
            self.fail(kind, self.state(url), f"internal error: {exc.__class__.__name__}: {exc}")
            return default

    def walk_sitemaps(self, roots: list[str]) -> None:
        """Breadth-first over the listed sitemaps and their children, within the caps."""
        queue: list[tuple[str, int]] = [(url, 0) for url in roots]
        seen = set(roots)
        documents = 0
        while queue and documents < self.settings.max_sitemaps and self.url_budget > 0:
            url, depth = queue.pop(0)
            if not self.force and not polling.is_due(self.state(url), self.now):
                continue
            documents += 1
            children = self.guarded("sitemap", url, partial(self.poll_sitemap, url, depth), [])
            if depth >= self.settings.max_sitemap_depth:
                continue
            fresh = sorted(
                (c for c in children if c.loc not in seen and self._recent(c)), key=_newest_first
            )
            for child in fresh:
                seen.add(child.loc)
                queue.append((child.loc, depth + 1))

    def poll_sitemap(self, url: str, depth: int) -> list[SitemapUrl]:
        """Fetch and take one sitemap document; returns its child sitemaps (for an index)."""
        state = self.state(url)
        result = self.fetch(state, conditional=depth > 0)
        if result.outcome == "not_modified":
            self.succeed(state, result, None, 0)
            return []
        if not result.ok:
            self.fail("sitemap", state, describe(result))
            return []
        digest = body_hash(result.body)
        parsed = parse_sitemap(result.body, result.final_url or url)
        if parsed.error and not (parsed.urls or parsed.sitemaps):
            self.fail("sitemap", state, parsed.error)
            return []
        taken: list[SitemapUrl] = []
        if digest != state.body_hash:
            taken = [item for item in parsed.urls if self._recent(item)][: self.url_budget]
            self.url_budget -= len(taken)
            for item in taken:
                self.add(Candidate(url=item.loc, sitemap_entry=item))
        self.succeed(state, result, digest, _count_new_urls(taken, state), parsed.error)
        return parsed.children

    def _recent(self, item: SitemapUrl) -> bool:
        """Inside the window by lastmod or news date; undated items are taken."""
        dates = [d for d in (item.lastmod, item.news_published) if d is not None]
        return not dates or max(dates) >= self.window_start


def _newest_entries(entries: list[FeedEntry], cap: int) -> list[FeedEntry]:
    """The `cap` newest entries by date (undated ones last, in feed order): all when within it."""
    if len(entries) <= cap:
        return entries
    dated = sorted(
        (e for e in entries if e.published or e.updated),
        key=lambda e: max(d for d in (e.published, e.updated) if d),
        reverse=True,
    )
    return (dated + [e for e in entries if not (e.published or e.updated)])[:cap]


def _newest_first(item: SitemapUrl) -> tuple[int, float]:
    return (0, -item.lastmod.timestamp()) if item.lastmod else (1, 0.0)


def _count_new(parsed: ParsedFeed, state: FeedState) -> int:
    if state.last_success_at is None:
        return len(parsed.entries)
    dated = [e for e in parsed.entries if e.published or e.updated]
    if not dated:
        return 1 if parsed.entries else 0
    since = polling.as_utc(state.last_success_at)
    return sum(1 for e in dated if max(d for d in (e.published, e.updated) if d) > since)


def _count_new_urls(items: list[SitemapUrl], state: FeedState) -> int:
    """Taken sitemap URLs dated after the previous successful poll (all on the first poll)."""
    since = polling.as_utc(state.last_success_at)
    if since is None:
        return len(items)
    dated = [
        max(d for d in (i.lastmod, i.news_published) if d)
        for i in items
        if i.lastmod or i.news_published
    ]
    if not dated:
        return 1 if items else 0
    return sum(1 for d in dated if d > since)


def _advertised(result: FetchResult) -> str:
    """For an HTML page configured as a feed: the feeds it advertises, as a hint to the operator."""
    feeds = discover_feeds(result.body, result.final_url or result.url)
    return f" (the page advertises {', '.join(feeds[:3])})" if feeds else ""

"""Typed records shared by the parsers, the flows and the warehouse.

Parsers produce these; flows move them; the warehouse stores them. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Page classes: "article" is stored as an article; every other class is recorded as a non-article.
PAGE_TYPES = (
    "article",
    "index",  # section, tag or archive listing
    "homepage",
    "error",  # 404-style "page not found" served as 200
    "consent",  # consent / cookie wall with no article behind it
    "challenge",  # anti-bot challenge page
    "empty",  # nothing extractable
)


@dataclass(slots=True)
class Article:
    """One page turned into a clean article (or classified as something else)."""

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    text: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    description: str | None = None
    site_name: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    page_type: str = "article"
    # The text is only the teaser of a story kept for subscribers (the page cuts it off).
    paywalled: bool = False
    # Provenance: which rule produced the text, and where each date came from.
    text_source: str | None = None
    published_source: str | None = None
    modified_source: str | None = None
    extractor_version: str = ""


@dataclass(slots=True)
class FeedEntry:
    """One entry of an RSS or Atom feed, links already absolute."""

    link: str
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    summary: str | None = None
    content_html: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedFeed:
    """A feed document: its entries and, for a malformed feed, what was wrong with it."""

    url: str
    kind: str  # "rss20", "rss10", "atom10", ... as feedparser names it, or "" when unknown
    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    error: str | None = None  # set when the feed was malformed (bozo) or unreadable


@dataclass(slots=True)
class SitemapUrl:
    """A <url> of a sitemap, with the Google News extension fields when present."""

    loc: str
    lastmod: datetime | None = None
    news_title: str | None = None
    news_published: datetime | None = None
    news_language: str | None = None


@dataclass(slots=True)
class ParsedSitemap:
    """A urlset (urls) or a sitemap index (sitemaps); error when the XML was unusable."""

    url: str
    urls: list[SitemapUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    error: str | None = None
    # The <sitemap> entries of an index with their lastmod (loc and lastmod only); same order as
    # `sitemaps`. Lets the caller skip child sitemaps older than its window.
    children: list[SitemapUrl] = field(default_factory=list)


@dataclass(slots=True)
class FetchResult:
    """What one HTTP fetch produced; every request, failed or not, becomes one row of the fetch log.

    `outcome` as the fetcher knows it: "fetched", "not_modified", "failed" or "refused". The flow
    refines "fetched" into "new", "changed" or "unchanged" against the warehouse's stored hash.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    elapsed: float = 0.0
    attempts: int = 0
    error_class: str | None = None  # e.g. "timeout", "connect", "too_large", "robots", "http_404"
    error: str | None = None  # human-readable message for the operator
    validators_sent: str | None = None  # "etag", "last_modified", "both" or None
    outcome: str = "fetched"
    fetched_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("fetched", "new", "changed", "unchanged") and self.error_class is None


@dataclass(slots=True)
class FeedState:
    """Poll state of one feed (or sitemap) URL, kept by the warehouse between runs."""

    url: str
    source: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    validators_trusted: bool = True
    consecutive_failures: int = 0
    last_success_at: datetime | None = None
    last_new_entry_at: datetime | None = None
    next_poll_at: datetime | None = None
    interval_seconds: float | None = None
    last_error: str | None = None


@dataclass(slots=True)
class PageRecord:
    """One fetched page and what the parsers made of it; the raw bytes feed the raw layer."""

    source: str
    url: str  # the URL that was requested (feed link, sitemap loc, ...)
    fetched_at: datetime
    raw: bytes
    article: Article
    final_url: str | None = None
    content_type: str | None = None
    http_status: int | None = None
    feed_url: str | None = None


@dataclass(slots=True)
class SourceBatch:
    """Everything one source's ingest task hands to the warehouse in one short write."""

    source: str
    run_id: str | None = None
    pages: list[PageRecord] = field(default_factory=list)
    fetches: list[FetchResult] = field(default_factory=list)
    feed_entries: list[tuple[str, FeedEntry]] = field(default_factory=list)  # (feed url, entry)
    feed_states: list[FeedState] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LoadCounts:
    """What a load did, per the warehouse: the numbers the run report shows."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    non_articles: int = 0

    def __add__(self, other: "LoadCounts") -> "LoadCounts":
        return LoadCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.non_articles + other.non_articles,
        )

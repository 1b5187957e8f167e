"""Staging: a SourceBatch shaped into the columns its load writes, without the database.

Everything here is pure Python and Arrow (URL normalisation, hashes, dedup sketches, compressed
bodies, watch matches): whichever thread hands a batch over can stage it, so the writer thread
that holds the DuckDB file only runs statements (`warehouse.loading.load`). DuckDB releases the GIL
while it works, so the next batch is staged on the other core while the previous one is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

import pyarrow as pa

from parsers.records import FeedEntry, FeedState, FetchResult, PageRecord, SourceBatch
from parsers.urls import normalize_url, strip_userinfo, url_host
from warehouse.loading import dedup
from warehouse.loading.raw import BODY_ENCODING, compress, sha256_hex
from warehouse.loading.watch import match_staged

TS = pa.timestamp("us", tz="UTC")
STR_LIST = pa.list_(pa.string())


def utc(value: datetime | None) -> datetime | None:
    """Aware UTC datetimes for Arrow; naive values are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def content_hash(title: str | None, text: str) -> str:
    """What decides 'changed': the title and the text, nothing else (the sha256 of
    "title NUL text"; the text is hashed without being copied into one string with the title)."""
    digest = hashlib.sha256(f"{title or ''}\x00".encode())
    digest.update(text.encode())
    return digest.hexdigest()


def _stored(url: str | None) -> str | None:
    """A URL as it may be stored: credentials the sources file put in it stay out."""
    return strip_userinfo(url) if url else url


def is_article(page: PageRecord) -> bool:
    return page.article.page_type == "article" and bool(page.article.text.strip())


def article_url(page: PageRecord) -> str:
    """The article's key: its canonical link, else the URL the page was finally served from."""
    a = page.article
    return normalize_url(a.canonical_url or page.final_url or a.url or page.url)


@dataclass(slots=True)
class StagedPage:
    """One page of the batch with what the load needs computed once."""

    record: PageRecord
    fetched_at: datetime | None  # the record's, in UTC
    url: str  # normalised requested URL
    body_sha256: str
    article_url: str | None  # set for articles only


def _prepare_pages(pages: list[PageRecord]) -> list[StagedPage]:
    """Normalise and hash each page once; within the batch the newest fetch of a body wins."""
    latest: dict[tuple[str, str], StagedPage] = {}
    items = [
        StagedPage(p, utc(p.fetched_at), normalize_url(p.url), sha256_hex(p.raw), article_url(p) if is_article(p) else None)
        for p in pages
    ]
    for item in sorted(items, key=lambda i: i.fetched_at):
        latest[(item.url, item.body_sha256)] = item
    return list(latest.values())


@dataclass(slots=True)
class StagedBatch:
    """A batch with what its load writes computed: made by `stage_batch`, written by `load_batch`."""

    batch: SourceBatch
    fetches: pa.Table | None  # the fetch log rows, with `norm_url`
    pages: list[StagedPage]  # distinct bodies, oldest first
    pages_table: pa.Table | None
    articles: list[StagedPage]  # the newest page of each article, oldest first
    hashes: list[str]  # content_hash of each of `articles`
    # `articles` as the columns of `articles` (+ seen_at), with each one's dedup `sketch`
    articles_table: pa.Table | None
    feeds_table: pa.Table | None  # the poll state of each feed, as the columns of `feeds`
    entries_table: pa.Table | None  # feed entries, one per (feed, normalised link)
    # The keys the batch writes: URLs of pages, articles, fetches and feeds, and each entry's
    # "feed url<TAB>link" (its own key space, so an entry and the page of its link never clash).
    # Batches sharing none can be written by one statement per table.
    urls: frozenset[str]
    # The watch matches of `articles_table` (`warehouse.loading.watch.match_staged`), and the watch
    # queries they were made with; None when staged without watches.
    matches: pa.Table | None = None
    match_queries: dict[str, str] | None = None

    @property
    def nbytes(self) -> int:
        """The size of the staged tables: about what the load writes."""
        tables = (self.fetches, self.pages_table, self.articles_table, self.feeds_table, self.entries_table)
        return sum(t.nbytes for t in tables if t is not None)


def stage_batch(
    batch: SourceBatch, now: datetime | None = None, watches: Mapping[str, str] | None = None
) -> StagedBatch:
    """Shape `batch` for loading; `now` stands in for a fetch time a fetch does not have.

    With `watches` (the stored watch queries, by name), the articles are matched against them
    here rather than by the writer; the load uses these matches if the watches are unchanged.
    """
    now = now or datetime.now(timezone.utc)
    pages = _prepare_pages(batch.pages)
    latest = {p.article_url: p for p in pages if p.article_url is not None}  # pages are by time
    articles = sorted(latest.values(), key=lambda p: p.fetched_at)
    hashes = [content_hash(p.record.article.title, p.record.article.text) for p in articles]
    fetch_by_url = {f.url: f for f in batch.fetches}
    fetch_urls = [normalize_url(f.url) for f in batch.fetches]
    states = list({s.url: s for s in batch.feed_states}.values())
    entries = {(feed_url, normalize_url(e.link)): e for feed_url, e in batch.feed_entries}
    articles_table = _articles_table(batch, articles, hashes) if articles else None
    matched = watches is not None and articles_table is not None
    return StagedBatch(
        batch,
        _fetches_table(batch, batch.fetches, fetch_urls, now) if batch.fetches else None,
        pages,
        _pages_table(batch, pages, fetch_by_url) if pages else None,
        articles,
        hashes,
        articles_table,
        _feeds_table(states, now) if states else None,
        _entries_table(batch, entries, now) if entries else None,
        frozenset(fetch_urls).union(
            (p.url for p in pages), latest, (strip_userinfo(s.url) for s in states),
            (f"{strip_userinfo(feed)}\t{url}" for feed, url in entries),
        ),
        match_staged(articles_table, watches) if matched else None,
        dict(watches) if matched else None,
    )


def disjoint_runs(batches: list[StagedBatch]) -> list[list[StagedBatch]]:
    """`batches` cut, in order, into runs of batches that share no URL: each run can be loaded
    as one (`warehouse.loading.load.load_batches`) with the result of loading its batches in turn."""
    runs: list[list[StagedBatch]] = []
    seen: set[str] = set()
    for batch in batches:
        if not runs or not seen.isdisjoint(batch.urls):
            runs.append([])
            seen = set()
        runs[-1].append(batch)
        seen |= batch.urls
    return runs


def _fetches_table(
    batch: SourceBatch, fetches: list[FetchResult], norm_urls: list[str], now: datetime
) -> pa.Table:
    return pa.table(
        {
            "url": pa.array([strip_userinfo(f.url) for f in fetches], pa.string()),
            "host": pa.array([url_host(f.final_url or f.url) for f in fetches], pa.string()),
            "source": pa.array([batch.source] * len(fetches), pa.string()),
            "run_id": pa.array([batch.run_id] * len(fetches), pa.string()),
            "final_url": pa.array([_stored(f.final_url) for f in fetches], pa.string()),
            "status": pa.array([f.status for f in fetches], pa.int32()),
            "outcome": pa.array([f.outcome for f in fetches], pa.string()),
            "bytes": pa.array([len(f.body) for f in fetches], pa.int64()),
            "elapsed": pa.array([f.elapsed for f in fetches], pa.float64()),
            "attempts": pa.array([f.attempts for f in fetches], pa.int32()),
            "error_class": pa.array([f.error_class for f in fetches], pa.string()),
            "error": pa.array([f.error for f in fetches], pa.string()),
            "validators_sent": pa.array([f.validators_sent for f in fetches], pa.string()),
            "etag": pa.array([f.etag for f in fetches], pa.string()),
            "last_modified": pa.array([f.last_modified for f in fetches], pa.string()),
            "content_type": pa.array([f.content_type for f in fetches], pa.string()),
            "fetched_at": pa.array([utc(f.fetched_at) or now for f in fetches], TS),
            "norm_url": pa.array(norm_urls, pa.string()),
        }
    )


def _pages_table(batch: SourceBatch, items: list[StagedPage], fetch_by_url: dict[str, FetchResult]) -> pa.Table:
    pages = [i.record for i in items]
    fetched = [fetch_by_url.get(p.url) for p in pages]
    return pa.table(
        {
            "url": pa.array([i.url for i in items], pa.string()),
            "requested_url": pa.array([strip_userinfo(p.url) for p in pages], pa.string()),
            "final_url": pa.array([_stored(p.final_url) for p in pages], pa.string()),
            "host": pa.array([url_host(p.final_url or p.url) for p in pages], pa.string()),
            "source": pa.array([p.source for p in pages], pa.string()),
            "feed_url": pa.array([_stored(p.feed_url) for p in pages], pa.string()),
            "run_id": pa.array([batch.run_id] * len(pages), pa.string()),
            "fetched_at": pa.array([i.fetched_at for i in items], TS),
            "last_fetched_at": pa.array([i.fetched_at for i in items], TS),
            "http_status": pa.array([p.http_status for p in pages], pa.int32()),
            "content_type": pa.array([p.content_type for p in pages], pa.string()),
            "etag": pa.array([f.etag if f else None for f in fetched], pa.string()),
            "last_modified": pa.array([f.last_modified if f else None for f in fetched], pa.string()),
            "page_type": pa.array([p.article.page_type for p in pages], pa.string()),
            "article_url": pa.array([i.article_url for i in items], pa.string()),
            "extractor_version": pa.array([p.article.extractor_version for p in pages], pa.string()),
            "body_sha256": pa.array([i.body_sha256 for i in items], pa.string()),
            "body_size": pa.array([len(p.raw) for p in pages], pa.int64()),
            "body_encoding": pa.array([BODY_ENCODING] * len(pages), pa.string()),
            # In the staging thread: a pool of compression threads made the writer wait for a
            # core (benchmarks/warehouse_load.py, writer mode: 9,200-9,500 articles/s with one,
            # 10,100-10,400 without). Batches are staged by several tasks at once anyway, and
            # zstd releases the GIL.
            "body": pa.array([compress(p.raw) for p in pages], pa.binary()),
        }
    )


def _articles_table(
    batch: SourceBatch, items: list[StagedPage], hashes: list[str]
) -> pa.Table:
    pages = [i.record for i in items]
    arts = [p.article for p in pages]
    return pa.table(
        {
            "url": pa.array([i.article_url for i in items], pa.string()),
            "source": pa.array([p.source for p in pages], pa.string()),
            "page_url": pa.array([strip_userinfo(p.final_url or p.url) for p in pages], pa.string()),
            "title": pa.array([a.title for a in arts], pa.string()),
            "text": pa.array([a.text for a in arts], pa.string()),
            "authors": pa.array([list(a.authors) for a in arts], STR_LIST),
            "published_at": pa.array([utc(a.published) for a in arts], TS),
            "modified_at": pa.array([utc(a.modified) for a in arts], TS),
            "language": pa.array([a.language for a in arts], pa.string()),
            "description": pa.array([a.description for a in arts], pa.string()),
            "site_name": pa.array([a.site_name for a in arts], pa.string()),
            "image": pa.array([a.image for a in arts], pa.string()),
            "tags": pa.array([list(a.tags) for a in arts], STR_LIST),
            "text_source": pa.array([a.text_source for a in arts], pa.string()),
            "paywalled": pa.array([a.paywalled for a in arts], pa.bool_()),
            "published_source": pa.array([a.published_source for a in arts], pa.string()),
            "modified_source": pa.array([a.modified_source for a in arts], pa.string()),
            "extractor_version": pa.array([a.extractor_version for a in arts], pa.string()),
            "content_hash": pa.array(hashes, pa.string()),
            "text_length": pa.array([len(a.text) for a in arts], pa.int32()),
            "sketch": dedup.sketch_column(a.text for a in arts),
            "seen_at": pa.array([i.fetched_at for i in items], TS),
            "run_id": pa.array([batch.run_id] * len(pages), pa.string()),
        }
    )


def _feeds_table(states: list[FeedState], now: datetime) -> pa.Table:
    return pa.table(
        {
            "url": pa.array([strip_userinfo(s.url) for s in states], pa.string()),
            "source": pa.array([s.source for s in states], pa.string()),
            "etag": pa.array([s.etag for s in states], pa.string()),
            "last_modified": pa.array([s.last_modified for s in states], pa.string()),
            "body_hash": pa.array([s.body_hash for s in states], pa.string()),
            "validators_trusted": pa.array([s.validators_trusted for s in states], pa.bool_()),
            "consecutive_failures": pa.array([s.consecutive_failures for s in states], pa.int32()),
            "last_success_at": pa.array([utc(s.last_success_at) for s in states], TS),
            "last_new_entry_at": pa.array([utc(s.last_new_entry_at) for s in states], TS),
            "next_poll_at": pa.array([utc(s.next_poll_at) for s in states], TS),
            "interval_seconds": pa.array([s.interval_seconds for s in states], pa.float64()),
            "last_error": pa.array([s.last_error for s in states], pa.string()),
            "updated_at": pa.array([now] * len(states), TS),
        }
    )


def _entries_table(batch: SourceBatch, entries: dict[tuple[str, str], FeedEntry], now: datetime) -> pa.Table:
    keys = list(entries)
    rows = list(entries.values())
    return pa.table(
        {
            "feed_url": pa.array([strip_userinfo(k[0]) for k in keys], pa.string()),
            "link": pa.array([strip_userinfo(e.link) for e in rows], pa.string()),
            "url": pa.array([k[1] for k in keys], pa.string()),
            "source": pa.array([batch.source] * len(keys), pa.string()),
            "guid": pa.array([e.guid for e in rows], pa.string()),
            "title": pa.array([e.title for e in rows], pa.string()),
            "published_at": pa.array([utc(e.published) for e in rows], TS),
            "updated_at": pa.array([utc(e.updated) for e in rows], TS),
            "summary": pa.array([e.summary for e in rows], pa.string()),
            "authors": pa.array([list(e.authors) for e in rows], STR_LIST),
            "first_seen_at": pa.array([now] * len(keys), TS),
            "last_seen_at": pa.array([now] * len(keys), TS),
            "run_id": pa.array([batch.run_id] * len(keys), pa.string()),
        }
    )

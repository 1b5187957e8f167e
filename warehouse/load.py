"""`load_batch`: one SourceBatch into the warehouse in one transaction, set-wise through Arrow.

Python only shapes columns (normalised URLs, hashes, compressed bodies); every comparison with
what is already stored happens in SQL, so a batch costs a handful of statements whatever its size.
Every statement is idempotent: loading the same batch again changes nothing.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from parsers.records import FeedEntry, FetchResult, LoadCounts, PageRecord, SourceBatch
from parsers.urls import normalize_url, url_host
from warehouse import dedup
from warehouse.changes import ChangeHook, Changes
from warehouse.raw import BODY_ENCODING, compress, sha256_hex

TS = pa.timestamp("us", tz="UTC")
STR_LIST = pa.list_(pa.string())
GONE_STATUSES = (404, 410)


def utc(value: datetime | None) -> datetime | None:
    """Aware UTC datetimes for Arrow; naive values are taken as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def content_hash(title: str | None, text: str) -> str:
    """What decides 'changed': the title and the text, nothing else."""
    return hashlib.sha256(f"{title or ''}\x00{text}".encode()).hexdigest()


def is_article(page: PageRecord) -> bool:
    return page.article.page_type == "article" and bool(page.article.text.strip())


def article_url(page: PageRecord) -> str:
    """The article's key: its canonical link, else the URL the page was finally served from."""
    a = page.article
    return normalize_url(a.canonical_url or page.final_url or a.url or page.url)


def load_batch(
    con: duckdb.DuckDBPyConnection,
    batch: SourceBatch,
    *,
    now: datetime,
    hooks: tuple[ChangeHook, ...] = (),
    reextract: bool = False,
) -> LoadCounts:
    """Write `batch` through `con` (inside the caller's transaction) and count what changed.

    `reextract` loads pages already stored, extracted again: the raw layer keeps its rows, and an
    article whose text changed becomes a new version even though the page is older than the
    current one.
    """
    fetches = batch.fetches
    if not reextract:
        _load_fetches(con, batch, fetches, now)
        _load_feed_states(con, batch, now)
        _load_feed_entries(con, batch, now)
    items = _prepare_pages(batch.pages)
    _load_pages(con, batch, items, {f.url: f for f in fetches})
    counts = _load_articles(con, batch, items, now, hooks, reextract)
    counts.non_articles = len(batch.pages) - sum(is_article(p) for p in batch.pages)
    if not reextract:
        _mark_gone(con, fetches, now)
    return counts


def _load_fetches(con, batch: SourceBatch, fetches: list[FetchResult], now: datetime) -> None:
    if not fetches:
        return
    table = pa.table(
        {
            "url": pa.array([f.url for f in fetches], pa.string()),
            "host": pa.array([url_host(f.final_url or f.url) for f in fetches], pa.string()),
            "source": pa.array(batch.fetch_sources or [batch.source] * len(fetches), pa.string()),
            "run_id": pa.array([batch.run_id] * len(fetches), pa.string()),
            "final_url": pa.array([f.final_url for f in fetches], pa.string()),
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
            "norm_url": pa.array([normalize_url(f.url) for f in fetches], pa.string()),
        }
    )
    con.register("stage_fetches", table)
    con.execute(
        """
        INSERT INTO fetches BY NAME
        SELECT * EXCLUDE (norm_url) FROM stage_fetches s
        WHERE NOT EXISTS (
            SELECT 1 FROM fetches f
            WHERE f.url = s.url AND f.fetched_at = s.fetched_at AND f.outcome = s.outcome
        )
        """
    )
    # A 304 re-check confirms the stored body: the page counts as fetched now.
    if any(f.outcome == "not_modified" or f.status == 304 for f in fetches):
        con.execute(
            """
            UPDATE pages SET last_fetched_at = greatest(pages.last_fetched_at, s.fetched_at)
            FROM (SELECT norm_url, max(fetched_at) AS fetched_at FROM stage_fetches
                  WHERE outcome = 'not_modified' OR status = 304 GROUP BY norm_url) s
            WHERE pages.url = s.norm_url
            """
        )


def _load_feed_states(con, batch: SourceBatch, now: datetime) -> None:
    states = list({s.url: s for s in batch.feed_states}.values())
    if not states:
        return
    table = pa.table(
        {
            "url": pa.array([s.url for s in states], pa.string()),
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
    con.register("stage_feeds", table)
    con.execute("INSERT OR REPLACE INTO feeds BY NAME SELECT * FROM stage_feeds")


def _load_feed_entries(con, batch: SourceBatch, now: datetime) -> None:
    rows: dict[tuple[str, str], tuple[str, FeedEntry]] = {}
    for feed_url, entry in batch.feed_entries:
        rows[(feed_url, normalize_url(entry.link))] = (feed_url, entry)
    if not rows:
        return
    keys = list(rows)
    entries = [rows[k][1] for k in keys]
    table = pa.table(
        {
            "feed_url": pa.array([k[0] for k in keys], pa.string()),
            "link": pa.array([e.link for e in entries], pa.string()),
            "url": pa.array([k[1] for k in keys], pa.string()),
            "source": pa.array([batch.source] * len(keys), pa.string()),
            "guid": pa.array([e.guid for e in entries], pa.string()),
            "title": pa.array([e.title for e in entries], pa.string()),
            "published_at": pa.array([utc(e.published) for e in entries], TS),
            "updated_at": pa.array([utc(e.updated) for e in entries], TS),
            "summary": pa.array([e.summary for e in entries], pa.string()),
            "authors": pa.array([list(e.authors) for e in entries], STR_LIST),
            "first_seen_at": pa.array([now] * len(keys), TS),
            "last_seen_at": pa.array([now] * len(keys), TS),
            "run_id": pa.array([batch.run_id] * len(keys), pa.string()),
        }
    )
    con.register("stage_entries", table)
    con.execute(
        """
        UPDATE feed_entries e SET
            link = s.link, guid = s.guid, title = s.title, published_at = s.published_at,
            updated_at = s.updated_at, summary = s.summary, authors = s.authors,
            last_seen_at = greatest(e.last_seen_at, s.last_seen_at)
        FROM stage_entries s
        WHERE e.feed_url = s.feed_url AND e.url = s.url AND (
            e.last_seen_at < s.last_seen_at OR e.title IS DISTINCT FROM s.title
            OR e.updated_at IS DISTINCT FROM s.updated_at OR e.summary IS DISTINCT FROM s.summary)
        """
    )
    con.execute(
        """
        INSERT INTO feed_entries BY NAME
        SELECT * FROM stage_entries s
        WHERE NOT EXISTS (SELECT 1 FROM feed_entries e WHERE e.feed_url = s.feed_url AND e.url = s.url)
        """
    )


@dataclass(slots=True)
class _Page:
    """One page of the batch with what the load needs computed once."""

    record: PageRecord
    url: str  # normalised requested URL
    body_sha256: str
    article_url: str | None  # set for articles only


def _prepare_pages(pages: list[PageRecord]) -> list[_Page]:
    """Normalise and hash each page once; within the batch the newest fetch of a body wins."""
    latest: dict[tuple[str, str], _Page] = {}
    for p in sorted(pages, key=lambda p: utc(p.fetched_at)):
        item = _Page(p, normalize_url(p.url), sha256_hex(p.raw), article_url(p) if is_article(p) else None)
        latest[(item.url, item.body_sha256)] = item
    return list(latest.values())


def _compress_all(bodies: list[bytes]) -> list[bytes]:
    """zstd and zlib release the GIL: bodies are compressed on every core, a slice per thread."""
    workers = os.cpu_count() or 1
    if len(bodies) < 64 or workers == 1:
        return [compress(b) for b in bodies]
    step = -(-len(bodies) // workers)
    slices = [bodies[i : i + step] for i in range(0, len(bodies), step)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [c for part in pool.map(lambda part: [compress(b) for b in part], slices) for c in part]


def _load_pages(con, batch: SourceBatch, items: list[_Page], fetch_by_url: dict[str, FetchResult]) -> None:
    if not items:
        return
    pages = [i.record for i in items]
    fetched = [fetch_by_url.get(p.url) for p in pages]
    table = pa.table(
        {
            "url": pa.array([i.url for i in items], pa.string()),
            "requested_url": pa.array([p.url for p in pages], pa.string()),
            "final_url": pa.array([p.final_url for p in pages], pa.string()),
            "host": pa.array([url_host(p.final_url or p.url) for p in pages], pa.string()),
            "source": pa.array([p.source for p in pages], pa.string()),
            "feed_url": pa.array([p.feed_url for p in pages], pa.string()),
            "run_id": pa.array([batch.run_id] * len(pages), pa.string()),
            "fetched_at": pa.array([utc(p.fetched_at) for p in pages], TS),
            "last_fetched_at": pa.array([utc(p.fetched_at) for p in pages], TS),
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
            "body": pa.array(_compress_all([p.raw for p in pages]), pa.binary()),
        }
    )
    con.register("stage_pages", table)
    # New bodies first: the INSERT reports how many it wrote, so the stored ones are known without
    # another scan of `pages`. The UPDATE's conditions are false for the rows just inserted.
    inserted = con.execute(
        """
        INSERT INTO pages BY NAME
        SELECT * FROM stage_pages s ANTI JOIN pages p USING (url, body_sha256)
        """
    ).fetchone()[0]
    if inserted < len(items):  # bodies seen before: a re-fetch or a re-extraction
        con.execute(
            """
            UPDATE pages p SET
                last_fetched_at = greatest(p.last_fetched_at, s.last_fetched_at),
                http_status = s.http_status, etag = coalesce(s.etag, p.etag),
                last_modified = coalesce(s.last_modified, p.last_modified),
                page_type = s.page_type, article_url = s.article_url,
                extractor_version = s.extractor_version
            FROM stage_pages s
            WHERE p.url = s.url AND p.body_sha256 = s.body_sha256 AND (
                p.last_fetched_at < s.last_fetched_at OR p.page_type <> s.page_type
                OR p.article_url IS DISTINCT FROM s.article_url
                OR p.extractor_version IS DISTINCT FROM s.extractor_version)
            """
        )


def _articles_table(batch: SourceBatch, items: list[_Page], sketches: list[list[int]]) -> pa.Table:
    pages = [i.record for i in items]
    arts = [p.article for p in pages]
    return pa.table(
        {
            "url": pa.array([i.article_url for i in items], pa.string()),
            "source": pa.array([p.source for p in pages], pa.string()),
            "page_url": pa.array([p.final_url or p.url for p in pages], pa.string()),
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
            "published_source": pa.array([a.published_source for a in arts], pa.string()),
            "modified_source": pa.array([a.modified_source for a in arts], pa.string()),
            "extractor_version": pa.array([a.extractor_version for a in arts], pa.string()),
            "content_hash": pa.array([content_hash(a.title, a.text) for a in arts], pa.string()),
            "text_length": pa.array([len(a.text) for a in arts], pa.int32()),
            "sketch": pa.array(sketches, pa.list_(pa.uint32())),
            "seen_at": pa.array([utc(p.fetched_at) for p in pages], TS),
            "run_id": pa.array([batch.run_id] * len(pages), pa.string()),
        }
    )


def _load_articles(
    con, batch: SourceBatch, items: list[_Page], now: datetime, hooks: tuple[ChangeHook, ...],
    reextract: bool,
) -> LoadCounts:
    """Classify each article against the stored row (new / updated / unchanged), then write."""
    latest = {i.article_url: i for i in items if i.article_url is not None}  # items are by time
    counts = LoadCounts()
    if not latest:
        return counts
    staged = sorted(latest.values(), key=lambda i: utc(i.record.fetched_at))
    sketches = [dedup.sketch(i.record.article.text) for i in staged]
    stage = _articles_table(batch, staged, sketches)
    con.register("stage_articles", stage)
    # An older, different text of a URL only replaces the current one through re-extraction.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE article_changes AS
        SELECT s.url, a.version AS old_version,
            CASE WHEN a.url IS NULL THEN 'new'
                 WHEN a.content_hash <> s.content_hash AND (? OR s.seen_at >= a.last_seen_at)
                     THEN 'updated'
                 ELSE 'unchanged' END AS change
        FROM stage_articles s LEFT JOIN articles a USING (url)
        """,
        [reextract],
    )
    rows = con.execute("SELECT url, change, coalesce(old_version, 0) + 1 FROM article_changes")
    by_url, versions = {}, {}
    for url, change, version in rows.fetchall():
        by_url[url] = change
        if change != "unchanged":
            versions[url] = version
    changes = Changes(
        now,
        [(i.article_url, by_url[i.article_url]) for i in staged if by_url[i.article_url] != "unchanged"],
        {i.article_url: sk for i, sk in zip(staged, sketches)},
        stage,
        versions,
    )
    for change in by_url.values():
        setattr(counts, change, getattr(counts, change) + 1)
    # Several pages of one article in the batch (say its AMP and its canonical page): one is
    # loaded, the others count as unchanged.
    counts.unchanged += sum(i.article_url is not None for i in items) - len(latest)
    con.execute(
        """
        CREATE OR REPLACE TEMP VIEW changed_articles AS
        SELECT s.*, c.change, coalesce(c.old_version, 0) + 1 AS version
        FROM stage_articles s JOIN article_changes c USING (url) WHERE c.change <> 'unchanged'
        """
    )
    if counts.updated:
        con.execute(
            """
            INSERT INTO article_history BY NAME
            SELECT a.url, a.version, a.content_hash, a.title, a.text, a.published_at,
                   a.modified_at, a.extractor_version, a.changed_at AS seen_at, a.run_id
            FROM articles a JOIN article_changes c USING (url) WHERE c.change = 'updated'
            """
        )
    if counts.unchanged:
        con.execute(
            """
            UPDATE articles a SET
                last_seen_at = greatest(a.last_seen_at, s.seen_at),
                gone_at = CASE WHEN s.seen_at > a.gone_at THEN NULL ELSE a.gone_at END
            FROM stage_articles s JOIN article_changes c USING (url)
            WHERE a.url = s.url AND c.change = 'unchanged'
              AND (s.seen_at > a.last_seen_at OR s.seen_at > a.gone_at)
            """
        )
    if counts.updated:
        con.execute(
            """
            UPDATE articles a SET
                page_url = s.page_url, title = s.title, text = s.text, authors = s.authors,
                published_at = s.published_at, modified_at = s.modified_at,
                language = s.language, description = s.description, site_name = s.site_name,
                image = s.image, tags = s.tags, text_source = s.text_source,
                published_source = s.published_source, modified_source = s.modified_source,
                extractor_version = s.extractor_version, content_hash = s.content_hash,
                text_length = s.text_length, version = s.version, changed_at = s.seen_at,
                run_id = s.run_id, last_seen_at = greatest(a.last_seen_at, s.seen_at),
                gone_at = CASE WHEN s.seen_at > a.gone_at THEN NULL ELSE a.gone_at END
            FROM changed_articles s
            WHERE a.url = s.url AND s.change = 'updated'
            """
        )
    if counts.new:
        # Straight from the staged Arrow rows (all of them, in a first load): through the
        # `changed_articles` join, DuckDB would copy every text once more.
        new = stage
        if counts.new < stage.num_rows:
            new_urls = [url for url, change in by_url.items() if change == "new"]
            new = stage.filter(pc.is_in(stage["url"], value_set=pa.array(new_urls, pa.string())))
        con.register("stage_new_articles", new)
        con.execute(
            """
            INSERT INTO articles BY NAME
            SELECT * EXCLUDE (seen_at, sketch), 1 AS version,
                seen_at AS first_seen_at, seen_at AS last_seen_at, seen_at AS changed_at,
                NULL AS gone_at, NULL AS cluster_id
            FROM stage_new_articles
            """
        )
        con.unregister("stage_new_articles")
    if changes.changed:
        for hook in hooks:
            hook(con, changes)
    return counts


def _mark_gone(con, fetches: list[FetchResult], now: datetime) -> None:
    """A 404/410 on re-check marks the article gone (kept, never deleted)."""
    gone = [f for f in fetches if f.status in GONE_STATUSES]
    if not gone:
        return
    table = pa.table(
        {
            "url": pa.array([normalize_url(f.url) for f in gone], pa.string()),
            "fetched_at": pa.array([utc(f.fetched_at) or now for f in gone], TS),
        }
    )
    con.register("stage_gone", table)
    con.execute(
        """
        UPDATE articles a SET gone_at = g.fetched_at
        FROM (
            SELECT url, min(fetched_at) AS fetched_at FROM (
                SELECT url, fetched_at FROM stage_gone
                UNION ALL
                SELECT p.article_url, g.fetched_at FROM stage_gone g JOIN pages p ON p.url = g.url
                WHERE p.article_url IS NOT NULL)
            GROUP BY url) g
        WHERE a.url = g.url AND a.gone_at IS NULL AND g.fetched_at >= a.last_seen_at
        """
    )

"""`load_batch`: one SourceBatch into the warehouse in one transaction, set-wise through Arrow.

Python only shapes columns (`warehouse.loading.stage`: normalised URLs, hashes, compressed bodies), and a
batch may come staged already; every comparison with what is already stored happens in SQL, so a
batch costs a handful of statements whatever its size. Every statement is idempotent: loading the
same batch again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from parsers.records import FetchResult, LoadCounts, SourceBatch
from parsers.urls import normalize_url
from warehouse.loading import dedup
from warehouse.loading.changes import ChangeHook, Changes
from warehouse.loading.stage import TS, StagedBatch, is_article, stage_batch, utc

GONE_STATUSES = (404, 410)


def load_batch(
    con: duckdb.DuckDBPyConnection,
    batch: SourceBatch | StagedBatch,
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
    return load_batches(con, [batch], now=now, hooks=hooks, reextract=reextract)[0]


def load_batches(
    con: duckdb.DuckDBPyConnection,
    batches: Sequence[SourceBatch | StagedBatch],
    *,
    now: datetime,
    hooks: tuple[ChangeHook, ...] = (),
    reextract: bool = False,
) -> list[LoadCounts]:
    """`load_batch` for several batches at once, with one statement per table for all of them
    (a table scan per load, whatever its size); the counts of each batch, in order.

    The batches must share no URL (`warehouse.loading.stage.disjoint_runs`): then the result is the one
    of loading them one after the other.
    """
    staged = [b if isinstance(b, StagedBatch) else stage_batch(b, now) for b in batches]
    sources = [s.batch for s in staged]
    fetches = [f for source in sources for f in source.fetches]
    if not reextract:
        _write_fetches(con, _concat([s.fetches for s in staged]), fetches)
        _write_feed_states(con, _concat([s.feeds_table for s in staged]))
        _write_feed_entries(con, _concat([s.entries_table for s in staged]))
    _write_pages(con, _concat([s.pages_table for s in staged]))
    counts = _load_articles(con, staged, now, hooks, reextract)
    for c, source in zip(counts, sources):
        c.non_articles = len(source.pages) - sum(is_article(p) for p in source.pages)
    if not reextract:
        _mark_gone(con, fetches, now)
    return counts


def _concat(tables: list[pa.Table | None]) -> pa.Table | None:
    present = [t for t in tables if t is not None]
    if len(present) > 1:
        return pa.concat_tables(present)
    return present[0] if present else None


def _write_fetches(con, table: pa.Table | None, fetches: list[FetchResult]) -> None:
    if table is None:
        return
    con.register("stage_fetches", table)
    # Only the stored fetches of the batch's time span can be the batch's own: the log is
    # appended in time order, so DuckDB skips the row groups outside it by their min/max.
    span = pc.min_max(table["fetched_at"])
    con.execute(
        """
        INSERT INTO fetches BY NAME
        SELECT * EXCLUDE (norm_url) FROM stage_fetches ANTI JOIN (
            SELECT url, fetched_at, outcome FROM fetches WHERE fetched_at BETWEEN $first AND $last
        ) USING (url, fetched_at, outcome)
        """,
        {"first": span["min"].as_py(), "last": span["max"].as_py()},
    )
    # A 304 re-check confirms the stored body: the page counts as fetched now, and the article of
    # its latest body as seen now (the text is the one stored), as a fetch of the same text would.
    if any(f.outcome == "not_modified" or f.status == 304 for f in fetches):
        confirmed = table.filter(pc.or_kleene(pc.equal(table["outcome"], "not_modified"), pc.equal(table["status"], 304)))
        confirmed = confirmed.group_by("norm_url").aggregate([("fetched_at", "max")])
        con.register("confirmed", pa.table({"url": confirmed["norm_url"], "fetched_at": confirmed["fetched_at_max"]}))
        con.execute(
            """
            UPDATE pages SET last_fetched_at = greatest(pages.last_fetched_at, s.fetched_at)
            FROM confirmed s WHERE pages.url = s.url
            """
        )
        con.execute(
            """
            UPDATE articles a SET
                last_seen_at = s.fetched_at,
                gone_at = CASE WHEN s.fetched_at > a.gone_at THEN NULL ELSE a.gone_at END
            FROM (
                SELECT url, max(fetched_at) AS fetched_at FROM (
                    SELECT p.article_url AS url, c.fetched_at FROM confirmed c JOIN pages p USING (url)
                    QUALIFY row_number() OVER (PARTITION BY p.url ORDER BY p.fetched_at DESC) = 1)
                WHERE url IS NOT NULL GROUP BY url) s
            WHERE a.url = s.url AND s.fetched_at > a.last_seen_at
            """
        )
        con.unregister("confirmed")


def _write_feed_states(con, table: pa.Table | None) -> None:
    if table is None:
        return
    con.register("stage_feeds", table)
    con.execute("DELETE FROM feeds WHERE url IN (SELECT url FROM stage_feeds)")
    con.execute("INSERT INTO feeds BY NAME SELECT * FROM stage_feeds")


def _write_feed_entries(con, table: pa.Table | None) -> None:
    if table is None:
        return
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


def _write_pages(con, table: pa.Table | None) -> None:
    if table is None:
        return
    con.register("stage_pages", table)
    # New bodies first: the INSERT reports how many it wrote, so the stored ones are known without
    # another scan of `pages`. The UPDATE's conditions are false for the rows just inserted.
    inserted = con.execute(
        """
        INSERT INTO pages BY NAME
        SELECT * FROM stage_pages s ANTI JOIN pages p USING (url, body_sha256)
        """
    ).fetchone()[0]
    if inserted < table.num_rows:  # bodies seen before: a re-fetch or a re-extraction
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


def _classify(digest: str, seen_at: datetime, teaser: bool, stored: list | None, reextract: bool) -> str:
    """new / updated / unchanged against the stored [version, content_hash, last_seen_at, paywalled].

    An older, different text of a URL only replaces the current one through re-extraction. A
    paywalled teaser never replaces a text stored whole: the story is the same, the page now shows
    less of it (a publisher closing its archive to non-subscribers), so the stored text stands.
    """
    if stored is None:
        return "new"
    _, stored_hash, last_seen, stored_teaser = stored
    if teaser and not stored_teaser:
        return "unchanged"
    if digest != stored_hash and (reextract or seen_at >= last_seen):
        return "updated"
    return "unchanged"


def _load_articles(
    con, staged: list[StagedBatch], now: datetime, hooks: tuple[ChangeHook, ...], reextract: bool
) -> list[LoadCounts]:
    """Classify each article against the stored row (new / updated / unchanged), then write.

    One read of `articles` (the stored rows of the batch's URLs) classifies the batch in Python;
    the cluster ids are known before the rows are written, so new articles go in whole.
    """
    counts = [LoadCounts() for _ in staged]
    # Several pages of one article in a batch (say its AMP and its canonical page): one is
    # loaded, the others count as unchanged.
    for c, s in zip(counts, staged):
        c.unchanged = sum(p.article_url is not None for p in s.pages) - len(s.articles)
    stage = _concat([s.articles_table for s in staged])
    if stage is None:
        return counts
    con.register("stage_articles", stage)
    stored = {
        url: rest
        for url, *rest in con.execute(
            "SELECT url, version, content_hash, last_seen_at, paywalled FROM articles"
            " SEMI JOIN stage_articles USING (url)"
        ).fetchall()
    }
    # Batch by batch, each oldest first: the order in which one-by-one loads would see them.
    owner, by_url = {}, {}
    for n, s in enumerate(staged):
        for p, digest in zip(s.articles, s.hashes):
            owner[p.article_url] = n
            by_url[p.article_url] = _classify(
                digest, p.fetched_at, p.record.article.paywalled, stored.get(p.article_url), reextract
            )
    versions = {url: stored[url][0] + 1 if url in stored else 1 for url, c in by_url.items() if c != "unchanged"}
    changes = Changes(
        now, [(url, change) for url, change in by_url.items() if change != "unchanged"], stage, versions,
        *_staged_matches(staged),
    )
    for url, change in by_url.items():
        setattr(counts[owner[url]], change, getattr(counts[owner[url]], change) + 1)
    updated = sum(c.updated for c in counts)
    unchanged = sum(c.unchanged for c in counts)
    clusters = dedup.assign_clusters(con, changes) if changes.changed else {}
    if updated or unchanged:
        urls = list(by_url)
        con.register(
            "article_changes",
            pa.table(
                {
                    "url": pa.array(urls, pa.string()),
                    "change": pa.array([by_url[u] for u in urls], pa.string()),
                    "version": pa.array([versions.get(u) for u in urls], pa.int32()),
                    "cluster_id": pa.array([clusters.get(u) for u in urls], pa.string()),
                }
            ),
        )
        _update_stored(con, updated, unchanged)
    if any(c.new for c in counts):
        _insert_new(con, stage, [url for url, change in by_url.items() if change == "new"], clusters)
    if changes.changed:
        for hook in hooks:
            hook(con, changes)
    return counts


def _staged_matches(staged: list[StagedBatch]) -> tuple[pa.Table | None, dict[str, str] | None]:
    """The watch matches staged with the batches' articles, if all were staged with the same
    watches."""
    with_articles = [s for s in staged if s.articles_table is not None]
    queries = with_articles[0].match_queries
    if queries is None or any(s.match_queries != queries for s in with_articles):
        return None, None
    return _concat([s.matches for s in with_articles]), queries


def _update_stored(con, updated: int, unchanged: int) -> None:
    """Stored articles of the batch (`article_changes`): versions superseded, last seen moved."""
    if updated:
        con.execute(
            """
            INSERT INTO article_history BY NAME
            SELECT a.url, a.version, a.content_hash, a.title, a.text, a.published_at,
                   a.modified_at, a.extractor_version, a.changed_at AS seen_at, a.run_id
            FROM articles a JOIN article_changes c USING (url) WHERE c.change = 'updated'
            """
        )
    if unchanged:
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
    if updated:
        con.execute(
            """
            UPDATE articles a SET
                page_url = s.page_url, title = s.title, text = s.text, authors = s.authors,
                published_at = s.published_at, modified_at = s.modified_at,
                language = s.language, description = s.description, site_name = s.site_name,
                image = s.image, tags = s.tags, text_source = s.text_source, paywalled = s.paywalled,
                published_source = s.published_source, modified_source = s.modified_source,
                extractor_version = s.extractor_version, content_hash = s.content_hash,
                text_length = s.text_length, sketch = s.sketch, version = c.version, changed_at = s.seen_at,
                run_id = s.run_id, last_seen_at = greatest(a.last_seen_at, s.seen_at),
                gone_at = CASE WHEN s.seen_at > a.gone_at THEN NULL ELSE a.gone_at END,
                cluster_id = c.cluster_id
            FROM stage_articles s JOIN article_changes c USING (url)
            WHERE a.url = s.url AND c.change = 'updated'
            """
        )


def _insert_new(con, stage: pa.Table, new_urls: list[str], clusters: dict[str, str]) -> None:
    """New articles straight from the staged Arrow rows (all of them, in a first load): through
    a join in SQL, DuckDB would copy every text once more."""
    new = stage
    if len(new_urls) < stage.num_rows:
        new = stage.filter(pc.is_in(stage["url"], value_set=pa.array(new_urls, pa.string())))
    new = new.append_column(
        "cluster_id", pa.array([clusters[url] for url in new["url"].to_pylist()], pa.string())
    )
    con.register("stage_new_articles", new)
    con.execute(
        """
        INSERT INTO articles BY NAME
        SELECT * EXCLUDE (seen_at), 1 AS version,
            seen_at AS first_seen_at, seen_at AS last_seen_at, seen_at AS changed_at,
            NULL AS gone_at
        FROM stage_new_articles
        """
    )
    con.unregister("stage_new_articles")


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

"""What the daily digest shows, read in one go: mentions, volume, clusters and extraction health.

An article counts on the day it was first seen (found by an ingest), not the day it says it was
published: the digest is about what came in, and a backfill of old articles still shows up.
Charts cover `chart_since` onwards (a longer stretch than the window, for context); the lists
cover the window `since` onwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from warehouse.queries.status_queries import failing_feeds, silent_sources

SHORT_TEXT = 500  # characters: the `extraction_health` view's idea of a short text
MENTIONS_LISTED = 200
CLUSTERS_LISTED = 10


@dataclass(frozen=True, slots=True)
class Mention:
    watch: str
    title: str | None
    url: str
    source: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Cluster:
    title: str | None
    members: int
    sources: list[str]
    urls: list[str]


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: str
    articles: int
    short_texts: int
    empty_texts: int


@dataclass
class Digest:
    since: datetime
    until: datetime
    chart_since: datetime
    mentions_per_day: list[tuple[str, date, int]] = field(default_factory=list)  # watch, day, count
    articles_per_day: list[tuple[str, date, int]] = field(default_factory=list)  # source, day, count
    new_mentions: list[Mention] = field(default_factory=list)
    mention_total: int = 0  # in the window; `new_mentions` lists at most MENTIONS_LISTED
    clusters: list[Cluster] = field(default_factory=list)
    health: list[SourceHealth] = field(default_factory=list)  # sources with short or empty texts
    failing_feeds: list[dict] = field(default_factory=list)
    silent_sources: list[dict] = field(default_factory=list)
    # (watch, target, status, error, sent_at) of each watch's target whose last delivery failed
    undelivered: list[tuple] = field(default_factory=list)


def read_digest(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime, chart_since: datetime) -> Digest:
    """Everything the digest page shows, as of `until`."""
    digest = Digest(since, until, chart_since)
    digest.mentions_per_day = con.execute(
        """
        SELECT m.watch, CAST(a.first_seen_at AS DATE) AS day, count(DISTINCT m.url)
        FROM mentions m JOIN articles a USING (url)
        WHERE a.first_seen_at >= ? GROUP BY ALL ORDER BY day, m.watch
        """,
        [chart_since],
    ).fetchall()
    digest.articles_per_day = con.execute(
        """
        SELECT source, CAST(first_seen_at AS DATE) AS day, count(*) FROM articles
        WHERE first_seen_at >= ? GROUP BY ALL ORDER BY day, source
        """,
        [chart_since],
    ).fetchall()
    rows = con.execute(
        """
        SELECT DISTINCT m.watch, a.title, m.url, m.source, a.published_at, a.first_seen_at
        FROM mentions m JOIN articles a USING (url)
        WHERE a.first_seen_at >= ?
        ORDER BY m.watch, coalesce(a.published_at, a.first_seen_at) DESC, m.url
        """,
        [since],
    ).fetchall()
    digest.mention_total = len(rows)
    digest.new_mentions = [Mention(*row[:5]) for row in rows[:MENTIONS_LISTED]]
    digest.clusters = [
        Cluster(*row)
        for row in con.execute(
            # The `clusters` view's columns, for the clusters with a member in the window only:
            # the view groups every stored article, seconds on a million.
            """
            SELECT arg_min(title, first_seen_at), count(*), list(DISTINCT source ORDER BY source),
                   list(url ORDER BY first_seen_at, url)
            FROM articles
            WHERE cluster_id IN (SELECT cluster_id FROM articles WHERE first_seen_at >= ?)
            GROUP BY cluster_id HAVING count(*) > 1
            ORDER BY count(*) DESC, count(DISTINCT source) DESC, min(first_seen_at) LIMIT ?
            """,
            [since, CLUSTERS_LISTED],
        ).fetchall()
    ]
    digest.health = [
        SourceHealth(*row)
        for row in con.execute(
            """
            WITH texts AS (
                SELECT source, count(*) AS articles, count(*) FILTER (WHERE text_length < ?) AS short
                FROM articles WHERE first_seen_at >= ? GROUP BY source),
            empties AS (
                SELECT source, count(*) AS empty FROM pages
                WHERE fetched_at >= ? AND page_type = 'article' AND article_url IS NULL GROUP BY source)
            SELECT source, coalesce(articles, 0), coalesce(short, 0), coalesce(empty, 0)
            FROM texts FULL OUTER JOIN empties USING (source)
            WHERE coalesce(short, 0) + coalesce(empty, 0) > 0
            ORDER BY coalesce(short, 0) + coalesce(empty, 0) DESC, source
            """,
            [SHORT_TEXT, since, since],
        ).fetchall()
    ]
    digest.undelivered = con.execute(
        """
        SELECT watch, target, status, error, sent_at FROM alerts
        QUALIFY row_number() OVER (PARTITION BY watch, target ORDER BY sent_at DESC) = 1 AND status <> 'sent'
        ORDER BY watch, target
        """
    ).fetchall()
    digest.failing_feeds = failing_feeds(con)
    digest.silent_sources = silent_sources(con, until)
    return digest

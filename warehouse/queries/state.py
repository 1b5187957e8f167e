"""What the ingest flow asks before fetching: feed poll state and the pages already stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from parsers.records import FeedState
from parsers.urls import normalize_url


@dataclass(frozen=True, slots=True)
class PageState:
    """The latest stored fetch of one page URL."""

    url: str  # normalised URL
    body_sha256: str
    fetched_at: datetime  # last time the body was fetched or confirmed by a 304
    etag: str | None
    last_modified: str | None
    article_url: str | None  # the article the page became, None for non-articles
    http_status: int | None
    page_type: str


_FEED_COLUMNS = (
    "url, source, etag, last_modified, body_hash, validators_trusted, consecutive_failures, "
    "last_success_at, last_new_entry_at, next_poll_at, interval_seconds, last_error"
)


def feed_states(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> dict[str, dict[str, FeedState]]:
    """Per source (every one asked for, with or without feeds): its feeds' states by URL."""
    names = list(dict.fromkeys(sources))
    out: dict[str, dict[str, FeedState]] = {name: {} for name in names}
    if names:
        rows = con.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE list_contains(?, source)", [names])
        for row in rows.fetchall():
            out[row[1]][row[0]] = FeedState(*row)
    return out


def page_states(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> dict[str, PageState]:
    """Keyed by the URLs as given; each is looked up by its normalised form."""
    wanted: dict[str, list[str]] = {}
    for url in urls:
        wanted.setdefault(normalize_url(url), []).append(url)
    if not wanted:
        return {}
    con.register("wanted_urls", pa.table({"url": pa.array(list(wanted), pa.string())}))
    rows = con.execute(
        """
        SELECT p.url, arg_max(body_sha256, p.fetched_at), max(last_fetched_at),
               arg_max(etag, p.fetched_at), arg_max(last_modified, p.fetched_at),
               arg_max(article_url, p.fetched_at), arg_max(http_status, p.fetched_at),
               arg_max(page_type, p.fetched_at)
        FROM pages p SEMI JOIN wanted_urls w ON p.url = w.url
        GROUP BY p.url
        """
    ).fetchall()
    con.unregister("wanted_urls")
    out = {}
    for row in rows:
        state = PageState(*row)
        for original in wanted[state.url]:
            out[original] = state
    return out


def feed_links(con: duckdb.DuckDBPyConnection, feed_urls: Iterable[str]) -> dict[str, set[str]]:
    """Per feed (those with entries): every link it ever listed whose page is stored, as the feed
    spelled it. A link listed but never fetched (its run died first) is left out: it is not
    "unchanged", it is still to fetch."""
    urls = list(dict.fromkeys(feed_urls))
    if not urls:
        return {}
    rows = con.execute(
        """
        SELECT DISTINCT e.feed_url, e.link FROM feed_entries e
        SEMI JOIN pages p ON p.url = e.url
        WHERE list_contains(?, e.feed_url)
        """,
        [urls],
    )
    out: dict[str, set[str]] = {}
    for feed_url, link in rows.fetchall():
        out.setdefault(feed_url, set()).add(link)
    return out

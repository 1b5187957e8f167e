"""Reading the raw layer back: recent bodies of a site (chrome learning) and every stored page
in batches (re-extraction with a newer extractor)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timezone

import duckdb

from warehouse.loading.raw import RawPage, decompress

Reader = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


def raw_pages(con: duckdb.DuckDBPyConnection, site: str, limit: int) -> list[bytes]:
    """The `limit` most recently fetched HTML bodies served from `site` (host[:port])."""
    rows = con.execute(
        """
        SELECT body, body_encoding FROM pages
        WHERE host = ? AND (content_type IS NULL OR content_type ILIKE '%html%')
        ORDER BY last_fetched_at DESC LIMIT ?
        """,
        [site.lower(), limit],
    ).fetchall()
    return [decompress(body, encoding) for body, encoding in rows]


def iter_raw_pages(
    read: Reader, since: datetime | None, source: str | None, batch_size: int
) -> Iterator[list[RawPage]]:
    """The latest stored body of every page URL, oldest first, `batch_size` at a time.

    Each batch is read through its own short connection (keyset pagination), so the caller can
    write re-extracted articles between two batches. Older bodies of a URL are skipped: extracting
    them again would bring back text the page no longer has.
    """
    cursor: tuple = (datetime(1970, 1, 1, tzinfo=timezone.utc), "")
    first = True
    while True:
        with read() as con:
            rows = con.execute(
                """
                SELECT url, requested_url, final_url, source, fetched_at, http_status,
                       content_type, feed_url, body_sha256, body, body_encoding
                FROM pages
                WHERE (? IS NULL OR fetched_at >= ?) AND (? IS NULL OR source = ?)
                  AND (? OR (fetched_at, url) > (?, ?))
                QUALIFY fetched_at = max(fetched_at) OVER (PARTITION BY url)
                ORDER BY fetched_at, url
                LIMIT ?
                """,
                [since, since, source, source, first, cursor[0], cursor[1], batch_size],
            ).fetchall()
        if not rows:
            return
        yield [RawPage(*row[:9], body=decompress(row[9], row[10])) for row in rows]
        cursor, first = (rows[-1][4], rows[-1][0]), False

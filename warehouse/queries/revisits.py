"""Which known articles are due to be fetched again: publishers edit and delete stories without
touching their feeds, so every article is re-checked on a schedule after it was first seen.

An article is due when the latest step of its source's schedule that has passed (first seen +
step) is later than the last time the article was checked: seen with the same text, or its URL
fetched or confirmed by a 304. Checks are read from `articles.last_seen_at` and from the `pages`
rows of the article's own URL (what a revisit fetches), so no revisit state is stored: a revisit
that failed is simply due again at the next run. Articles marked gone are not revisited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Revisit:
    """A stored article to fetch again, with the validators of its last fetch."""

    url: str  # the article's (normalised, canonical) URL: what is fetched
    content_hash: str  # of the stored version: a different one is an edit
    etag: str | None
    last_modified: str | None


def due_revisits(
    con: duckdb.DuckDBPyConnection,
    schedules: Mapping[str, tuple[float, ...]],
    limits: Mapping[str, int],
    now: datetime,
) -> dict[str, list[Revisit]]:
    """Per source of `schedules` (seconds after first seen), at most `limits[source]` articles
    due for a revisit, the most overdue first."""
    rows = [(source, step, limits.get(source, 0)) for source, steps in schedules.items() for step in steps]
    out: dict[str, list[Revisit]] = {source: [] for source in schedules}
    rows = [r for r in rows if r[2] > 0]
    if not rows:
        return out
    con.register(
        "revisit_steps",
        pa.table(
            {
                "source": pa.array([r[0] for r in rows], pa.string()),
                "step": pa.array([r[1] for r in rows], pa.float64()),
                "most": pa.array([r[2] for r in rows], pa.int64()),
            }
        ),
    )
    found = con.execute(
        """
        WITH steps AS (
            SELECT source, to_microseconds(CAST(step * 1e6 AS BIGINT)) AS after, most FROM revisit_steps),
        due AS MATERIALIZED (
            -- The passed steps not yet covered by the article's last sight; the latest is due.
            SELECT a.url, a.source, a.content_hash, any_value(s.most) AS most,
                   max(a.first_seen_at + s.after) AS due_at
            FROM articles a JOIN steps s USING (source)
            WHERE a.gone_at IS NULL AND a.first_seen_at + s.after <= $now
              AND a.first_seen_at + s.after > a.last_seen_at
            GROUP BY a.url, a.source, a.content_hash),
        checked AS (
            SELECT url, max(last_fetched_at) AS checked_at,
                   arg_max(etag, fetched_at) AS etag, arg_max(last_modified, fetched_at) AS last_modified
            FROM pages SEMI JOIN due USING (url)
            GROUP BY url)
        SELECT d.source, d.url, d.content_hash, c.etag, c.last_modified
        FROM due d LEFT JOIN checked c USING (url)
        WHERE c.checked_at IS NULL OR c.checked_at < d.due_at
        QUALIFY row_number() OVER (PARTITION BY d.source ORDER BY d.due_at, d.url) <= d.most
        ORDER BY d.source, d.due_at, d.url
        """,
        {"now": now},
    ).fetchall()
    con.unregister("revisit_steps")
    for source, url, content_hash, etag, last_modified in found:
        out[source].append(Revisit(url, content_hash, etag, last_modified))
    return out

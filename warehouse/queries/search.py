"""Full-text search over article titles and texts with DuckDB's FTS extension, installed offline
from the duckdb-extension-fts wheel.

The index is a snapshot: `rebuild_search` (its own flow, not part of each load) rebuilds it, and
articles loaded since are found after the next rebuild.

A DuckLake cannot hold the index: the FTS extension builds it as tables of its own in the
articles' database, with column types DuckLake does not store (its commit fails), so search is
a feature of the DuckDB file warehouse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
import duckdb
import duckdb_extension_fts

from warehouse.db.extensions import load_packaged

SNIPPET_CHARS = 200


LAKE_UNSUPPORTED = (
    "full-text search needs the DuckDB file warehouse: DuckDB's FTS index cannot be stored in a "
    "DuckLake (query the lake's articles with `mediamon sql` instead)"
)


class SearchIndexMissing(RuntimeError):
    """search() before the first rebuild_search()."""


class SearchUnavailable(RuntimeError):
    """Search asked of a warehouse that cannot hold the index (a DuckLake)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    url: str
    title: str | None
    source: str
    published_at: datetime | None
    score: float
    snippet: str


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    load_packaged(con, duckdb_extension_fts, "fts")


def rebuild_search(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build the index over articles(title, text); returns the number of articles indexed."""
    load_fts(con)
    con.execute(
        "PRAGMA create_fts_index('articles', 'url', 'title', 'text', stemmer = 'porter', "
        "stopwords = 'english', strip_accents = 1, lower = 1, overwrite = 1)"
    )
    return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def search(
    con: duckdb.DuckDBPyConnection,
    words: str,
    since: datetime | None,
    source: str | None,
    limit: int,
) -> list[SearchHit]:
    """Articles ranked by BM25 for `words`, optionally published (or first seen) since `since`."""
    load_fts(con)
    indexed = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_articles'"
    ).fetchone()[0]
    if not indexed:
        raise SearchIndexMissing("no search index yet: run rebuild_search() first")
    rows = con.execute(
        """
        SELECT url, title, source, published_at, score, text FROM (
            SELECT *, fts_main_articles.match_bm25(url, ?) AS score FROM articles
            WHERE (? IS NULL OR coalesce(published_at, first_seen_at) >= ?)
              AND (? IS NULL OR source = ?))
        WHERE score IS NOT NULL
        ORDER BY score DESC, url LIMIT ?
        """,
        [words, since, since, source, source, limit],
    ).fetchall()
    return [SearchHit(*row[:5], snippet=snippet(row[5], words)) for row in rows]


def snippet(text: str, words: str, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `text` around the first query word, on one line."""
    terms = [re.escape(w) for w in re.findall(r"\w+", words.lower()) if len(w) > 2]
    m = re.search(rf"(?<!\w)(?:{'|'.join(terms)})", text, re.IGNORECASE) if terms else None
    start = max(0, (m.start() if m else 0) - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")

"""Watchlists in the warehouse: stored queries, matched into `mentions`.

Matching happens at load time for new and changed articles (a load hook), and once over all
stored articles for a watch that is added or whose query changes (`store_watches`).
`mentions` always reflects the current version of each article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from parsers.sources import Watch
from warehouse.loading.changes import Changes, forget_updated
from parsers.watch_query import Matcher

_SCAN_BATCH = 5000


@dataclass(frozen=True, slots=True)
class MentionCount:
    watch: str
    key: date | str  # the day (by="day") or the source (by="source")
    count: int


def store_watches(con: duckdb.DuckDBPyConnection, watches: Sequence[Watch], now: datetime) -> None:
    """Replace the stored watches; new or edited ones are matched against every stored article."""
    Matcher({w.name: w.query for w in watches})  # parse all first: a bad query fails before any write
    stored = stored_queries(con)
    wanted = {w.name: w.query for w in watches}
    stale = [name for name, query in stored.items() if wanted.get(name) != query]
    if stale:
        con.execute("DELETE FROM mentions WHERE list_contains(?, watch)", [stale])
        con.execute("DELETE FROM watches WHERE list_contains(?, name)", [stale])
    fresh = {name: q for name, q in wanted.items() if stored.get(name) != q}
    for name, query in fresh.items():
        con.execute("INSERT INTO watches VALUES (?, ?, ?)", [name, query, now])
    if fresh:
        _backfill(con, fresh, now)


def stored_queries(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The stored watches: query by name."""
    return dict(con.execute("SELECT name, query FROM watches").fetchall())


def _backfill(con: duckdb.DuckDBPyConnection, queries: dict[str, str], now: datetime) -> None:
    """Match every stored article: one scan, read _SCAN_BATCH rows at a time."""
    reader = con.execute(
        "SELECT url, source, published_at, version, title, text FROM articles"
    ).fetch_record_batch(_SCAN_BATCH)
    found = []
    for batch in reader:
        rows = pa.Table.from_batches([batch])
        matches = match_staged(rows, queries)
        if matches.num_rows:
            picked = rows.take(pc.index_in(matches["url"], value_set=rows["url"]))
            found.append(_mention_rows(matches, picked, picked["version"], now))
    _insert_mentions(con, found)


def match_staged(articles: pa.Table, queries: Mapping[str, str]) -> pa.Table:
    """(url, watch) for each watch of `queries` that an article of `articles` (with `url`,
    `title` and `text`) satisfies. Pure: staging calls it, so the writer thread need not."""
    found: dict[str, list] = {"url": [], "watch": []}
    matcher = Matcher(dict(queries))
    cols = _candidates(articles.select(["url", "title", "text"]), matcher) if queries else None
    for url, doc in zip(cols["url"], cols["doc"]) if cols else ():
        for name in matcher(doc):
            found["url"].append(url)
            found["watch"].append(name)
    return pa.table({"url": pa.array(found["url"], pa.string()), "watch": pa.array(found["watch"], pa.string())})


def match_changed(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
    """Load hook: re-match the batch's new and changed articles against every watch.

    The matches made while staging serve when they were made with the stored watches; otherwise
    (staged without watches, or the watches changed since) the articles are matched here.
    """
    queries = stored_queries(con)
    if not queries:
        return
    forget_updated(con, changes, "mentions")
    changed = pa.array([url for url, _ in changes.changed], pa.string())
    rows = changes.staged.select(["url", "source", "published_at", "title", "text"])
    if len(changed) < rows.num_rows:  # some staged articles are unchanged: not matched again
        rows = rows.filter(pc.is_in(rows["url"], value_set=changed))
    if changes.matches is not None and changes.match_queries == queries:
        matches = changes.matches.filter(pc.is_in(changes.matches["url"], value_set=changed))
    else:
        matches = match_staged(rows, queries)
    if matches.num_rows:
        picked = rows.take(pc.index_in(matches["url"], value_set=rows["url"]))
        versions = pa.array([changes.versions[url] for url in matches["url"].to_pylist()], pa.int32())
        _insert_mentions(con, [_mention_rows(matches, picked, versions, changes.now)])


def _mention_rows(matches: pa.Table, articles: pa.Table, versions: pa.Array | pa.ChunkedArray, now: datetime) -> pa.Table:
    """The `mentions` rows of `matches` (url, watch); `articles` holds each match's article
    (its `source` and `published_at`), `versions` its version, row for row."""
    return pa.table(
        {
            "watch": matches["watch"],
            "url": matches["url"],
            "source": articles["source"],
            "published_at": articles["published_at"],
            "matched_at": pa.array([now] * matches.num_rows, pa.timestamp("us", tz="UTC")),
            "version": pc.cast(versions, pa.int32()),
        }
    )


def _candidates(rows: pa.Table, matcher: Matcher) -> dict[str, list] | None:
    """The articles of `rows` (with `title` and `text`) that may match a watch, as columns with
    their `doc` added; None when there are none.

    Most texts contain none of the phrases any watch needs: RE2 (pyarrow) drops them on the Arrow
    columns (the test of the SQL regexp_matches this replaces, at half its CPU), and only the
    others become Python strings for the matcher.
    """
    phrases = matcher.required_phrases()
    if phrases is not None:
        # Never stricter than the matcher: in the text, each phrase's words in order with any
        # non-word characters between (RE2's \W, ASCII, takes in every character Python's
        # Unicode \W does); in the title, a phrase's first word (the phrase may go on in the text).
        in_text = "|".join(_prefilter(p.split(" ")) for p in phrases)
        in_title = "|".join(_prefilter(p.split(" ")[:1], end=False) for p in phrases)
        titles = pc.fill_null(rows["title"], "")
        rows = rows.filter(
            pc.or_(
                pc.match_substring_regex(rows["text"], in_text, ignore_case=True),
                pc.match_substring_regex(titles, in_title, ignore_case=True),
            )
        )
    if not rows.num_rows:
        return None
    cols = rows.to_pydict()
    cols["doc"] = [f"{title or ''}\n\n{text}" for title, text in zip(cols["title"], cols["text"])]
    return cols


def _prefilter(words: list[str], end: bool = True) -> str:
    """An RE2 pattern that every text the matcher finds `words` in matches.

    Whole words where RE2 can tell: its \\b knows ASCII word characters only, so it bounds an
    edge whose letter is ASCII (a text whose letter next to it is, say, "é" passes the filter and
    is left to the matcher). Except i, k and s: ignoring case, Python also matches them to a
    non-ASCII letter ("ı", the Kelvin sign, "ſ"), where RE2's \\b would not hold. Without the
    bounds, a short term ("MEK") let through every text with a longer word containing it ("smek").
    """
    body = r"\W+".join(re.escape(w) for w in words)
    start = r"\b" if _ascii_word(words[0][0]) else ""
    stop = r"\b" if end and _ascii_word(words[-1][-1]) else ""
    return f"{start}{body}{stop}"


def _ascii_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_") and char.lower() not in "iks"


def _insert_mentions(con: duckdb.DuckDBPyConnection, tables: list[pa.Table]) -> None:
    rows = [t for t in tables if t.num_rows]
    if not rows:
        return
    con.register("new_mentions", pa.concat_tables(rows))
    con.execute("INSERT INTO mentions BY NAME SELECT * FROM new_mentions")
    con.unregister("new_mentions")


def mention_counts(
    con: duckdb.DuckDBPyConnection, since: datetime | None, by: str
) -> list[MentionCount]:
    """Mentions per watch and day (of publication, else of matching) or per watch and source."""
    if by not in ("day", "source"):
        raise ValueError(f"by must be 'day' or 'source', not {by!r}")
    key = "source" if by == "source" else "CAST(coalesce(published_at, matched_at) AS DATE)"
    rows = con.execute(
        f"""
        SELECT watch, {key} AS key, count(*) FROM mentions
        WHERE ? IS NULL OR coalesce(published_at, matched_at) >= ?
        GROUP BY ALL ORDER BY watch, key
        """,
        [since, since],
    ).fetchall()
    return [MentionCount(*row) for row in rows]

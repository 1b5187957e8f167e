"""Watchlists in the warehouse: stored queries, matched into `mentions`.

Matching happens at load time for new and changed articles (a load hook), and once over all
stored articles for a watch that is added or whose query changes (`store_watches`).
`mentions` always reflects the current version of each article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from parsers.sources import Watch
from warehouse.changes import Changes, forget_updated
from warehouse.query import Matcher

_SCAN_BATCH = 5000


@dataclass(frozen=True, slots=True)
class MentionCount:
    watch: str
    key: date | str  # the day (by="day") or the source (by="source")
    count: int


def store_watches(con: duckdb.DuckDBPyConnection, watches: Sequence[Watch], now: datetime) -> None:
    """Replace the stored watches; new or edited ones are matched against every stored article."""
    Matcher({w.name: w.query for w in watches})  # parse all first: a bad query fails before any write
    stored = dict(con.execute("SELECT name, query FROM watches").fetchall())
    wanted = {w.name: w.query for w in watches}
    stale = [name for name, query in stored.items() if wanted.get(name) != query]
    if stale:
        con.execute("DELETE FROM mentions WHERE list_contains(?, watch)", [stale])
        con.execute("DELETE FROM watches WHERE list_contains(?, name)", [stale])
    fresh = {name: q for name, q in wanted.items() if stored.get(name) != q}
    for name, query in fresh.items():
        con.execute("INSERT INTO watches VALUES (?, ?, ?)", [name, query, now])
    if fresh:
        _backfill(con, Matcher(fresh), now)


def _backfill(con: duckdb.DuckDBPyConnection, matcher: Matcher, now: datetime) -> None:
    """Match every stored article: one scan, read _SCAN_BATCH rows at a time."""
    reader = con.execute(
        "SELECT url, source, published_at, version, title, text FROM articles"
    ).fetch_record_batch(_SCAN_BATCH)
    found = []
    for rows in reader:
        cols = _candidates(pa.Table.from_batches([rows]), matcher)
        if cols:
            found.append(_mentions(matcher, cols, now))
    _insert_mentions(con, found)


def match_changed(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
    """Load hook: re-match the batch's new and changed articles against every watch."""
    queries = dict(con.execute("SELECT name, query FROM watches").fetchall())
    if not queries:
        return
    forget_updated(con, changes, "mentions")
    matcher = Matcher(queries)
    changed = [url for url, _ in changes.changed]
    rows = changes.staged.select(["url", "source", "published_at", "title", "text"])
    if len(changed) < rows.num_rows:  # some staged articles are unchanged: not matched again
        rows = rows.filter(pc.is_in(rows["url"], value_set=pa.array(changed, pa.string())))
    cols = _candidates(rows, matcher)
    if not cols:
        return
    cols["version"] = [changes.versions[url] for url in cols["url"]]
    _insert_mentions(con, [_mentions(matcher, cols, changes.now)])


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
        in_text = "|".join(r"\W+".join(re.escape(w) for w in p.split(" ")) for p in phrases)
        in_title = "|".join(re.escape(p.split(" ")[0]) for p in phrases)
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


def _mentions(matcher: Matcher, cols: dict[str, list], now: datetime) -> pa.Table:
    """The `mentions` rows of the articles in `cols` (with their `doc`): one per watch matched."""
    found: dict[str, list] = {"watch": [], "i": []}
    for i, doc in enumerate(cols["doc"]):
        for name in matcher(doc):
            found["watch"].append(name)
            found["i"].append(i)
    idx = found["i"]
    return pa.table(
        {
            "watch": pa.array(found["watch"], pa.string()),
            "url": pa.array([cols["url"][i] for i in idx], pa.string()),
            "source": pa.array([cols["source"][i] for i in idx], pa.string()),
            "published_at": pa.array([cols["published_at"][i] for i in idx], pa.timestamp("us", tz="UTC")),
            "matched_at": pa.array([now] * len(idx), pa.timestamp("us", tz="UTC")),
            "version": pa.array([cols["version"][i] for i in idx], pa.int32()),
        }
    )


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

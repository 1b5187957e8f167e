"""Near-duplicate clustering: syndicated and wire copies of one story share a `cluster_id`.

Features are runs of words (word shingles) whose boundaries the text itself sets: the folded text
(lower-cased, punctuation dropped, line breaks as spaces) is cut after every word ending in "e"
and at every sentence end, which gives runs of about five words in European languages, and each
run of at least MIN_RUN_BYTES is hashed with CRC-32. Because the boundaries depend only on the
words around them, an edit changes the one or two runs it falls in, and a dateline, a new intro or
a cut ending only add or remove runs at the edges; quotes, paragraphs and line breaks do not
count. Each article keeps a bottom-k sketch: the SKETCH_SIZE smallest run hashes. Two bottom-k
sketches estimate the Jaccard similarity of the two sets of runs without the texts (Broder 1997).
Two reports of one event written separately share a quote or a figure, a few runs of dozens.

Why content-defined runs rather than every word 5-gram (MinHash) or SimHash: the text is cut and
hashed by a few passes in C and one hash per run, about twice the cost of sentence hashes (28
against 14 us of CPU per 5 KB `benchmarks/warehouse_load.py` article, measured side by side on a
busy machine): the search for the cut pairs ("e ") is a third of it, the hash calls most of the
rest; hashing every 5-gram in CPython costs 30 times as much; and a bottom-k sketch is
searchable with one equi-join on its smallest hashes, the banded lookup of this scheme (one band
per hash, MIN_SHARED needed).
`benchmarks/near_duplicates.py` measures it on labelled wire pairs.

Clustering rule: two articles belong together when their estimated similarity is at least
THRESHOLD, and they share at least MIN_SHARED of their LOOKUP_SIZE smallest hashes (`similar`).
A new or changed article joins the cluster of its most similar stored article,
else the cluster of similar articles of the same batch, else starts its own cluster, named after
its URL. Clusters are never merged afterwards: `cluster_id` is stable once given.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from string import ascii_lowercase, ascii_uppercase

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.loading.changes import Changes, forget_updated

SKETCH_SIZE = 32
# The smallest hashes of a sketch are its lookup keys (`article_sketch`): near-duplicates share
# several of them, and half the sketch halves what each load writes and joins there.
LOOKUP_SIZE = 16
MIN_RUN_BYTES = 20  # shorter runs ("according to th", "said on monday") recur in any two texts
THRESHOLD = 0.3
MIN_SHARED = 3
# A feature stored for more articles than this is boilerplate (a newsletter plug, a copyright
# line): it never makes two articles candidates, which keeps the candidate join linear.
MAX_FEATURE_ARTICLES = 200
# Typographic punctuation that differs between outlets' systems for the same text: quotes are
# dropped like straight ones, dashes and ellipses separate words.
_TYPOGRAPHY = {mark: "" for mark in "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"} | {
    mark: " " for mark in "\u2014\u2013\u2026"
}
# Line breaks fold to spaces, a sentence end becomes an "e", so that it cuts too, and ASCII
# capitals become small letters: an ASCII text is folded without a pass of str.lower().
_FOLD = bytes.maketrans(b"\n\r\t.!?" + ascii_uppercase.encode(), b"   eee" + ascii_lowercase.encode())
_DROP = b",;:\"'()[]-"
# Cut at "e ": re's literal search finds this frequent pair faster than bytes.split (9 against 14 us
# per 5 KB text, same runs).
_CUT = re.compile(b"e ").split


def sketch(text: str) -> list[int]:
    """The bottom-k sketch of `text`: its SKETCH_SIZE smallest run hashes, ascending.

    A text without any long run is sketched by the hash of the whole (folded) text, so exact
    copies of short items still match.
    """
    if text.isascii():  # a flag lookup: ASCII texts skip the Unicode passes
        folded = text
    else:
        folded = text.lower()
        for mark, replacement in _TYPOGRAPHY.items():
            if mark in folded:
                folded = folded.replace(mark, replacement)
    # Passes in C, without splitting the text into words; a run's leading spaces (after a line
    # break, say) are dropped, the only place where spacing differs between copies.
    data = folded.encode().translate(_FOLD, _DROP)
    hashes = {zlib.crc32(run) for run in map(bytes.lstrip, _CUT(data)) if len(run) >= MIN_RUN_BYTES}
    if not hashes:
        return [zlib.crc32(data)] if data else []
    return sorted(hashes)[:SKETCH_SIZE]


def sketch_column(texts: Iterable[str]) -> pa.ListArray:
    """The sketches of `texts` as one Arrow column (list<uint32>), as staging stores them.

    Built from one flat list of hashes and the offsets of each text's: no Python list per text
    outlives the call (a batch's 2,000 lists kept the garbage collector busy and cost Arrow a
    conversion each).
    """
    flat: list[int] = []
    offsets = [0]
    for text in texts:
        flat += sketch(text)
        offsets.append(len(flat))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, pa.uint32()))


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the sets of runs behind two bottom-k sketches."""
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def similar(a: Sequence[int], b: Sequence[int]) -> bool:
    """Whether `b` is a near-duplicate of `a`: found by `a`'s lookup keys, and similar enough.

    Fewer than MIN_SHARED lookup keys in common (unless `a` has fewer: a short text copied whole)
    is chance, such as one stock phrase or boilerplate sentence in two short items; a load looks
    up no such pair.
    """
    keys = a[:LOOKUP_SIZE]
    shared = len(set(keys).intersection(b[:LOOKUP_SIZE]))
    return shared >= min(MIN_SHARED, len(keys)) and similarity(a, b) >= THRESHOLD


def assign_clusters(con: duckdb.DuckDBPyConnection, changes: Changes) -> dict[str, str]:
    """Store the sketches of the batch's changed articles; return their cluster_id, by url.

    Runs before the load writes the articles, so the ids go in with the rows: the stored
    candidates are the other articles, which the load does not touch.
    """
    forget_updated(con, changes, "article_sketch")
    # The features come from the sketches the load computed, not from an unnest over the staged
    # texts; `article_sketch` is read once: the stored rows sharing a feature with the batch
    # (`hits`, with the batch's own rows), from which both the boilerplate features and the
    # candidate pairs are taken. The batch's rows are stored after; the candidates' whole
    # sketches are then read from their `articles` rows.
    changed = [url for url, _ in changes.changed]
    con.register("batch_features", _lookup_keys(changes.staged, changed))
    # A pair is a candidate when it shares the lookup keys `similar` asks for: one shared run is
    # chance (a stock phrase), and such pairs would be most of the join's output.
    pairs = con.execute(
        """
        WITH hits AS MATERIALIZED (
            SELECT feature, url FROM article_sketch SEMI JOIN batch_features USING (feature)
            UNION ALL SELECT feature, url FROM batch_features),
        rare AS (SELECT feature FROM hits GROUP BY feature HAVING count(*) <= ?)
        SELECT m.url, k.url AS other
        FROM batch_features m JOIN hits k USING (feature) SEMI JOIN rare USING (feature)
        WHERE k.url <> m.url
        GROUP BY m.url, k.url
        HAVING count(*) >= least(?, any_value(m.size))
        """,
        [MAX_FEATURE_ARTICLES, MIN_SHARED],
    ).fetchall()
    con.execute("INSERT INTO article_sketch SELECT feature, url FROM batch_features")
    con.unregister("batch_features")
    in_batch = set(changed)
    # Python lists only for the sketches a pair needs; the batch's others stay in Arrow.
    sketches = _staged_sketches(changes.staged, {u for pair in pairs for u in pair if u in in_batch})
    others = sorted({o for _, o in pairs if o not in in_batch})
    stored: dict[str, tuple[list[int], str | None]] = {}
    if others:
        con.register("candidate_urls", pa.table({"url": pa.array(others, pa.string())}))
        rows = con.execute(
            "SELECT url, sketch, cluster_id FROM articles SEMI JOIN candidate_urls USING (url)"
        ).fetchall()
        stored = {url: (sk or [], cluster) for url, sk, cluster in rows}
    return _cluster(changed, sketches, stored, pairs)


def _staged_sketches(staged: pa.Table, urls: set[str]) -> dict[str, list[int]]:
    """The staged sketch of each of `urls` (articles of the batch), by url."""
    if not urls:
        return {}
    picked = staged.select(["url", "sketch"]).filter(
        pc.is_in(staged["url"], value_set=pa.array(sorted(urls), pa.string()))
    )
    return dict(zip(picked["url"].to_pylist(), picked["sketch"].to_pylist()))


def _lookup_keys(staged: pa.Table, changed: list[str]) -> pa.Table:
    """(feature, url, size): each lookup key of the `changed` articles among the `staged` rows,
    with the article's number of keys. Cut from the staged sketches by Arrow kernels rather than
    a Python loop over every key: this runs on the writer thread."""
    staged = staged.select(["url", "sketch"]).combine_chunks()
    if len(changed) < staged.num_rows:
        staged = staged.filter(pc.is_in(staged["url"], value_set=pa.array(changed, pa.string())))
    keys = pc.list_slice(staged["sketch"], 0, LOOKUP_SIZE)
    rows = pc.list_parent_indices(keys)
    return pa.table(
        {
            "feature": pc.list_flatten(keys),
            "url": staged["url"].take(rows),
            "size": pc.list_value_length(keys).take(rows),
        }
    )


def _cluster(
    order: list[str],
    sketches: dict[str, list[int]],
    stored: dict[str, tuple[list[int], str | None]],
    pairs: list[tuple[str, str]],
) -> dict[str, str]:
    """cluster_id for each changed URL (in `order`, oldest first) from its similar articles;
    `sketches` holds those of the batch's articles in `pairs`, `stored` the others'."""
    best_stored: dict[str, tuple[float, str]] = {}
    batch_links: dict[str, list[str]] = {}
    for url, other in pairs:
        if other in sketches:
            if similar(sketches[url], sketches[other]):
                batch_links.setdefault(url, []).append(other)
        elif other in stored:
            other_sketch, other_cluster = stored[other]
            sim = similarity(sketches[url], other_sketch)
            if similar(sketches[url], other_sketch) and sim > best_stored.get(url, (0.0, ""))[0]:
                best_stored[url] = (sim, other_cluster or other)
    result: dict[str, str] = {}
    for url in order:  # oldest first: a copy joins the cluster of the earlier article
        if url in best_stored:
            result[url] = best_stored[url][1]
            continue
        earlier = [result[o] for o in batch_links.get(url, []) if o in result]
        result[url] = earlier[0] if earlier else url
    return result


def backfill_sketches(con: duckdb.DuckDBPyConnection, chunk: int = 10_000) -> int:
    """Sketch the stored articles that have no sketch (all of them after migration 006), in
    chunks; returns how many. Their clusters stay as they are."""
    done = 0
    while True:
        rows = con.execute("SELECT url, text FROM articles WHERE sketch IS NULL LIMIT ?", [chunk]).fetchall()
        if not rows:
            return done
        sketches = [sketch(text) for _, text in rows]
        con.register(
            "sketched",
            pa.table(
                {
                    "url": pa.array([url for url, _ in rows], pa.string()),
                    "sketch": pa.array(sketches, pa.list_(pa.uint32())),
                }
            ),
        )
        con.execute("UPDATE articles a SET sketch = s.sketch FROM sketched s WHERE a.url = s.url")
        con.execute(
            "INSERT INTO article_sketch SELECT unnest(sketch[:?]) AS feature, url FROM sketched", [LOOKUP_SIZE]
        )
        con.unregister("sketched")
        done += len(rows)

"""Near-duplicate clustering: syndicated and wire copies of one story share a `cluster_id`.

Features are the article's sentences (lower-cased, whitespace-folded, at least 24 bytes: short
sentences like "He declined to comment." say nothing about identity), hashed with CRC-32. Each
article keeps a bottom-k sketch: the SKETCH_SIZE smallest sentence hashes. Two bottom-k sketches
estimate the Jaccard similarity of the two sentence sets without the texts (Broder 1997); a copy
with a new headline, a local intro and its last paragraphs cut keeps most of its sentences, two
reports of one event written separately share almost none.

Why sentences and bottom-k rather than word shingles and SimHash: hashing ~40 sentences is about
20 us per 5 KB article in CPython (word shingles cost ~800 hashes), and a bottom-k sketch is
searchable with one equi-join on the feature, the banded lookup of this scheme.

Clustering rule: two articles belong together when their estimated similarity is at least
THRESHOLD (0.5). A new or changed article joins the cluster of its most similar stored article,
else the cluster of similar articles of the same batch, else starts its own cluster, named after
its URL. Clusters are never merged afterwards: `cluster_id` is stable once given.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from warehouse.changes import Changes, forget_updated

SKETCH_SIZE = 32
MIN_SENTENCE_BYTES = 24
THRESHOLD = 0.5
# A sentence stored for more articles than this is boilerplate (a newsletter plug, a copyright
# line): it never makes two articles candidates, which keeps the candidate join linear.
MAX_FEATURE_ARTICLES = 200
_FOLD = bytes.maketrans(b"\n\r\t!?", b"   ..")


def sketch(text: str) -> list[int]:
    """The bottom-k sketch of `text`: its SKETCH_SIZE smallest sentence hashes, ascending.

    A text without any long sentence is sketched by the hash of the whole (folded) text, so exact
    copies of short items still match.
    """
    data = text.lower().encode().translate(_FOLD)
    sentences = [s.strip() for s in data.split(b".")]
    hashes = {zlib.crc32(s) for s in sentences if len(s) >= MIN_SENTENCE_BYTES}
    if not hashes:
        whole = b" ".join(data.split())
        return [zlib.crc32(whole)] if whole else []
    return sorted(hashes)[:SKETCH_SIZE]


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the sentence sets behind two bottom-k sketches."""
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return sum(1 for h in union if h in sa and h in sb) / len(union)


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
    sizes = [len(changes.sketches[url]) for url in changed]
    con.register(
        "batch_features",
        pa.table(
            {
                "feature": pa.array(
                    [f for url in changed for f in changes.sketches[url]], pa.uint32()
                ),
                "url": pa.array(changed, pa.string()).take(
                    pa.array([i for i, n in enumerate(sizes) for _ in range(n)], pa.int64())
                ),
            }
        ),
    )
    pairs = con.execute(
        """
        WITH hits AS MATERIALIZED (
            SELECT feature, url FROM article_sketch SEMI JOIN batch_features USING (feature)
            UNION ALL SELECT feature, url FROM batch_features),
        rare AS (SELECT feature FROM hits GROUP BY feature HAVING count(*) <= ?)
        SELECT m.url, k.url AS other
        FROM batch_features m JOIN hits k USING (feature) SEMI JOIN rare USING (feature)
        WHERE k.url <> m.url
        GROUP BY ALL
        """,
        [MAX_FEATURE_ARTICLES],
    ).fetchall()
    con.execute("INSERT INTO article_sketch SELECT feature, url FROM batch_features")
    con.unregister("batch_features")
    sketches = {url: changes.sketches[url] for url in changed}
    others = sorted({o for _, o in pairs if o not in sketches})
    stored: dict[str, tuple[list[int], str | None]] = {}
    if others:
        con.register("candidate_urls", pa.table({"url": pa.array(others, pa.string())}))
        rows = con.execute(
            "SELECT url, sketch, cluster_id FROM articles SEMI JOIN candidate_urls USING (url)"
        ).fetchall()
        stored = {url: (sk or [], cluster) for url, sk, cluster in rows}
    return _cluster(changed, sketches, stored, pairs)


def _cluster(
    order: list[str],
    sketches: dict[str, list[int]],
    stored: dict[str, tuple[list[int], str | None]],
    pairs: list[tuple[str, str]],
) -> dict[str, str]:
    """cluster_id for each changed URL (in `order`, oldest first) from its similar articles."""
    best_stored: dict[str, tuple[float, str]] = {}
    batch_links: dict[str, list[str]] = {}
    for url, other in pairs:
        if other in sketches:
            if similarity(sketches[url], sketches[other]) >= THRESHOLD:
                batch_links.setdefault(url, []).append(other)
        elif other in stored:
            other_sketch, other_cluster = stored[other]
            sim = similarity(sketches[url], other_sketch)
            if sim >= THRESHOLD and sim > best_stored.get(url, (0.0, ""))[0]:
                best_stored[url] = (sim, other_cluster or other)
    result: dict[str, str] = {}
    for url in order:  # oldest first: a copy joins the cluster of the earlier article
        if url in best_stored:
            result[url] = best_stored[url][1]
            continue
        earlier = [result[o] for o in batch_links.get(url, []) if o in result]
        result[url] = earlier[0] if earlier else url
    return result

"""What alerts and the digest cost as the warehouse grows: claiming a run's new mentions among
many already alerted, and writing the digest page.

Rows are made in SQL (articles with short texts, `mentions` on a share of them, all but the
last run's alerted), since neither step reads texts:

    .venv/bin/python benchmarks/alerts_digest.py [--articles 200000] [--new 500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flows.digest.page import write_digest  # noqa: E402
from warehouse import Warehouse  # noqa: E402

WATCHES = 5
SOURCES = 50


def fill(wh: Warehouse, articles: int, new: int, now: datetime) -> int:
    """`articles` over 30 days, a mention of one watch on every 10th; the `new` newest mentions
    not alerted yet. Returns the number of mentions."""
    with wh.write() as con:
        con.execute(
            """
            INSERT INTO articles (url, source, page_url, title, text, authors, tags, published_at,
                extractor_version, content_hash, text_length, version, first_seen_at, last_seen_at,
                changed_at, cluster_id)
            SELECT 'https://s' || (i % $sources) || '.example/' || i, 's' || (i % $sources),
                   'https://s' || (i % $sources) || '.example/' || i, 'Story ' || i, 'text', [], [],
                   t, 'x', 'h' || i, 600 + i % 900, 1, t, t, t, 'c' || (i // 3)
            FROM (SELECT i, $now - to_seconds(CAST(i AS BIGINT) * 2592000 // $articles) AS t
                  FROM range($articles) r(i))
            """,
            {"sources": SOURCES, "now": now, "articles": articles},
        )
        con.execute(
            """
            INSERT INTO mentions SELECT 'w' || (i % $watches), url, source, published_at, first_seen_at, 1
            FROM (SELECT row_number() OVER () AS i, * FROM articles) WHERE i % 10 = 0
            """,
            {"watches": WATCHES},
        )
        con.execute(
            """
            INSERT INTO alerted SELECT watch, url, c.channel, 'earlier', matched_at
            FROM (SELECT * FROM mentions ORDER BY matched_at DESC OFFSET $new) m,
                 (VALUES ('event'), ('webhook')) c(channel)
            """,
            {"new": new},
        )
        return con.execute("SELECT count(*) FROM mentions").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--new", type=int, default=500)
    args = parser.parse_args()
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        wh = Warehouse(Path(tmp) / "bench.duckdb")
        wh.migrate()
        mentions = fill(wh, args.articles, args.new, now)
        watches = [f"w{i}" for i in range(WATCHES)]
        started = time.perf_counter()
        claimed = wh.claim_alerts({"event": watches, "webhook": watches}, "bench")
        claim_s = time.perf_counter() - started
        taken = sum(len(m) for m in claimed["event"].values())
        started = time.perf_counter()
        again = wh.claim_alerts({"event": watches, "webhook": watches}, "bench-2")
        empty_s = time.perf_counter() - started
        assert taken == args.new and not any(again.values()), (taken, again)
        out = Path(tmp) / "digest.html"
        started = time.perf_counter()
        digest = write_digest(wh.path, now - timedelta(days=1), out, now=now)
        digest_s = time.perf_counter() - started
        size = out.stat().st_size
    print(f"{args.articles:,} articles, {mentions:,} mentions of {WATCHES} watches")
    print(f"claim of {taken} new mentions on 2 channels: {claim_s * 1000:.0f} ms; with none new: {empty_s * 1000:.0f} ms")
    print(f"digest of the last day ({digest.mention_total:,} new mentions listed up to 200, "
          f"{len(digest.articles_per_day):,} source-days charted): {digest_s:.2f} s, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

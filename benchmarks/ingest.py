"""End-to-end ingest throughput and memory on a synthetic newsroom served on 127.0.0.1.

    .venv/bin/python benchmarks/ingest.py --articles 5000 [--outlets 20] [--seed 1]
    .venv/bin/python benchmarks/ingest.py --sizes 5000,20000,50000

A separate process serves the newsroom (`newsroom_server.py`); this one writes a sources file for
it, starts Prefect (a test harness: its own temporary database, in ephemeral mode; the start is
timed apart) and runs the real `ingest` flow twice into a fresh DuckDB file: a first pass that
loads everything, then a second pass in which nothing changed (feeds answer 304).

Reported: articles/s and feeds/s of the first pass (feeds count sitemap documents too), the time
inside the warehouse loads as articles/s, the second pass's wall and CPU time and how many
feeds it found unchanged, and the peak RSS of the run: this process plus its extraction workers,
sampled from /proc (the Prefect test server and the newsroom server are left out), and of this
process alone (ru_maxrss). With --sizes each size runs in a fresh subprocess, so every peak RSS is
that size's own. By default there is one outlet per 250 articles, five feeds or sitemap documents
each: 50,000 articles make exactly 1,000 feeds.

Profile a run with py-spy (pip-installed into the venv, not a project dependency):
    .venv/bin/py-spy record -o ingest.svg --subprocesses -- .venv/bin/python benchmarks/ingest.py --articles 5000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from benchmarks.measure import RunRss, cpu_seconds, peak_rss_mb, timed_loads  # noqa: E402
from benchmarks.synthetic.newsroom_server import ServedNewsroom  # noqa: E402
from benchmarks.synthetic.newsroom import Layout  # noqa: E402

FETCH = {"allow_private_networks": True, "per_host_delay": 0.0, "sitemap_window_days": 36500.0}
COLUMNS = (
    ("articles", "articles", "{:d}"),
    ("outlets", "outlets", "{:d}"),
    ("feeds", "feeds", "{:d}"),
    ("pass1_s", "1st pass s", "{:.1f}"),
    ("articles_per_s", "articles/s", "{:.0f}"),
    ("feeds_per_s", "feeds/s", "{:.1f}"),
    ("load_articles_per_s", "load art/s", "{:.0f}"),
    ("load_share", "in loads", "{:.0%}"),
    ("pass1_cpu_s", "1st pass CPU s", "{:.0f}"),
    ("pass2_s", "2nd pass s", "{:.2f}"),
    ("pass2_cpu_s", "2nd pass CPU s", "{:.2f}"),
    ("pass2_unchanged", "2nd pass unchanged feeds", "{:d}"),
    ("pass2_304", "2nd pass 304s", "{:d}"),
    ("peak_rss_mb", "peak RSS MB", "{:.0f}"),
    ("process_rss_mb", "ingest process MB", "{:.0f}"),
    ("prefect_start_s", "Prefect start s", "{:.1f}"),
)


def default_outlets(articles: int) -> int:
    """About 250 articles per outlet: 5 feeds each, so 50,000 articles make ~1,000 feeds."""
    return max(10, articles // 250)


def sources_toml(layout: Layout, room: ServedNewsroom) -> str:
    lines = ["[fetch]", *(f"{k} = {json.dumps(v)}" for k, v in FETCH.items()), ""]
    for outlet in range(layout.outlets):
        base = room.base(outlet)
        lines += [
            "[[source]]",
            f'name = "outlet-{outlet:04d}"',
            f'homepage = "{base}/"',
            f"feeds = {json.dumps([base + p for p in layout.feed_paths(outlet)])}",
            f"sitemaps = {json.dumps([base + p for p in layout.sitemap_paths(outlet)])}",
            f'pages = ["{base}/"]',
            f'tags = ["{layout.kind(outlet)}"]',
            "",
        ]
    return "\n".join(lines)


def run_size(articles: int, outlets: int, seed: int) -> dict:
    """Both passes at one size, in this process; returns one result row."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    layout = Layout(seed, articles, outlets)
    with ServedNewsroom(layout) as room, tempfile.TemporaryDirectory(prefix="mediamon-bench-") as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(sources_toml(layout, room), encoding="utf-8")
        db = str(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=120):
            prefect_start = time.perf_counter() - started
            with RunRss() as rss:
                with timed_loads() as loads:
                    started, cpu = time.perf_counter(), cpu_seconds()
                    first = ingest(str(sources), db=db)
                    pass1, pass1_cpu = time.perf_counter() - started, cpu_seconds() - cpu
                before = room.requests()
                started, cpu = time.perf_counter(), cpu_seconds()
                second = ingest(str(sources), db=db)
                pass2, pass2_cpu = time.perf_counter() - started, cpu_seconds() - cpu
                after = room.requests()
    new = _total(first, "new")
    return {
        "articles": articles,
        "outlets": outlets,
        "feeds": _total(first, "feeds_polled"),
        "loaded": new,
        "errors": sum(len(s["errors"]) for s in first["sources"]),
        "pass1_s": pass1,
        "articles_per_s": new / pass1,
        "feeds_per_s": _total(first, "feeds_polled") / pass1,
        "load_articles_per_s": loads.rate,
        "load_share": loads.seconds / pass1,
        "pass1_cpu_s": pass1_cpu,
        "pass2_s": pass2,
        "pass2_cpu_s": pass2_cpu,
        "pass2_unchanged": _total(second, "feeds_unchanged"),
        "pass2_new": _total(second, "new") + _total(second, "updated"),
        "pass2_304": after[304] - before[304],
        "pass2_200": after[200] - before[200],
        "peak_rss_mb": rss.peak_mb,
        "process_rss_mb": peak_rss_mb(),
        "prefect_start_s": prefect_start,
    }


def _total(report: dict, field: str) -> int:
    return sum(s[field] for s in report["sources"])


def run_sizes(sizes: list[int], seed: int) -> list[dict]:
    """Each size in a fresh interpreter, so that its peak RSS is its own."""
    rows = []
    for articles in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--articles", str(articles), "--seed", str(seed), "--json"],
            check=True, stdout=subprocess.PIPE, text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print_table(rows[-1:], header=len(rows) == 1)
    return rows


def print_table(rows: list[dict], header: bool = True) -> None:
    if header:
        print(" | ".join(title for _, title, _ in COLUMNS))
        print(" | ".join("---:" for _ in COLUMNS))
    for row in rows:
        print(" | ".join(fmt.format(row[key]) for key, _, fmt in COLUMNS), flush=True)
        if row["loaded"] != row["articles"] or row["errors"] or row["pass2_new"]:
            print(f"  warning: {row['loaded']} of {row['articles']} loaded, {row['errors']} errors, "
                  f"{row['pass2_new']} new or updated in the second pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--outlets", type=int, help="default: one per 250 articles, at least 10")
    parser.add_argument("--sizes", help="comma-separated article counts, one subprocess each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the result row as JSON")
    args = parser.parse_args()
    if args.sizes:
        run_sizes([int(n) for n in args.sizes.split(",")], args.seed)
        return
    row = run_size(args.articles, args.outlets or default_outlets(args.articles), args.seed)
    if args.json:
        print(json.dumps(row))
    else:
        print_table([row])


if __name__ == "__main__":
    main()

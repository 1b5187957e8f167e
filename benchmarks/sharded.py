"""Sharded ingest on a process work pool against one in-process ingest, on the synthetic newsroom.

    .venv/bin/python benchmarks/sharded.py --articles 5000 [--shards 1,2,4] [--workers 2] [--lake]

The newsroom is served from its own process (as in `benchmarks/ingest.py`), Prefect is a test
harness (a temporary server in a subprocess). Each row is a fresh DuckDB file and one first pass:

* `inline`: the `ingest` flow in this process, as `mediamon run` does;
* `pool N`: `ingest-sharded` with N shards, its shards run as `ingest/adhoc` flow runs by fresh
  `prefect worker start --type process` workers. On a DuckDB file the shards run one after
  another, so this row shows what sharding costs, not what it gains (that needs DuckLake).

With `--lake` every row loads a fresh DuckLake instead (catalog: a new `ducklake_bench_*` database
on the PostgreSQL at 127.0.0.1:5432, dropped afterwards; data files in the temporary directory),
and the shards run at the same time.

Reported: wall time, articles/s, the mean time a shard waited from its creation to running
(worker poll and process start) and its mean run time, and the CPU seconds of this process plus
every process it started and waited for (workers, flow runs, extraction processes), from
getrusage.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from benchmarks.ingest import default_outlets, sources_toml  # noqa: E402
from benchmarks.synthetic.newsroom_server import ServedNewsroom  # noqa: E402
from benchmarks.pool_workers import create_process_pool, process_workers  # noqa: E402
from benchmarks.synthetic.newsroom import Layout  # noqa: E402

POOL = "mediamon-bench"


def _cpu_seconds() -> float:
    """User and system CPU of this process and of its children that have been waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_inline(sources: str, db: str) -> dict:
    from flows.ingest import ingest

    cpu, started = _cpu_seconds(), time.perf_counter()
    report = ingest(sources, db=db)
    wall = time.perf_counter() - started
    new = sum(s["new"] for s in report["sources"])
    return {"run": "inline", "wall": wall, "new": new, "pickup": None, "shard_run": None, "cpu": _cpu_seconds() - cpu}


def run_pool(sources: str, db: str, shards: int, workers: int, log_dir: Path) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    from flows.sharded import ingest_sharded

    cpu = _cpu_seconds()
    with process_workers(POOL, workers, log_dir):  # stopped, so waited for, before the CPU is read
        started = time.perf_counter()
        state = ingest_sharded(sources_file=sources, db=db, shards=shards, return_state=True)
        wall = time.perf_counter() - started
        only = FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[state.state_details.flow_run_id]))
        with get_client(sync_client=True) as client:
            children = client.read_flow_runs(flow_run_filter=only)
    if not state.is_completed():
        raise SystemExit(f"pool {shards}: {state.message}")
    report = state.result()
    pickups = [(c.start_time - c.created).total_seconds() for c in children]
    runs = [(c.end_time - c.start_time).total_seconds() for c in children]
    return {
        "run": f"pool {shards}",
        "wall": wall,
        "new": report["totals"]["new"],
        "pickup": sum(pickups) / len(pickups),
        "shard_run": sum(runs) / len(runs),
        "cpu": _cpu_seconds() - cpu,
    }


@contextmanager
def fresh_warehouse(tmp: Path, label: str, lake: bool) -> Iterator[str]:
    """A new DuckDB file in `tmp`, or a new DuckLake (created here, so shards only attach it)."""
    if not lake:
        yield str(tmp / f"{label}.duckdb")
        return
    from tests.lake.pgdb import create_database, drop_database, lake_string
    from warehouse import Warehouse
    from warehouse.db.lake import LAKE_DATA_ENV, release

    name = create_database(f"bench_{label.replace(' ', '')}")
    db = lake_string(name)
    os.environ[LAKE_DATA_ENV] = str(tmp / f"lake-{name}")
    try:
        Warehouse(db).migrate()
        yield db
    finally:
        release(db)
        drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--shards", default="1,2,4", help="comma-separated shard counts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lake", action="store_true", help="load DuckLakes (PostgreSQL catalog), not files")
    args = parser.parse_args()
    from prefect.testing.utilities import prefect_test_harness

    layout = Layout(args.seed, args.articles, default_outlets(args.articles))
    with ServedNewsroom(layout) as room, tempfile.TemporaryDirectory(prefix="mediamon-bench-") as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(sources_toml(layout, room), encoding="utf-8")
        with prefect_test_harness(server_startup_timeout=120):
            from flows.ops.pool import deploy_to_pool

            create_process_pool(POOL)
            deploy_to_pool(str(sources), str(Path(tmp) / "unused.duckdb"), POOL, shards=2)
            where = "DuckLake" if args.lake else "DuckDB file"
            print(f"{args.articles} articles, {layout.outlets} outlets, {args.workers} workers, {where}; "
                  f"load {os.getloadavg()[0]:.1f}")
            print("run | wall s | articles/s | shard pickup s | shard run s | CPU s")
            print("---|---:|---:|---:|---:|---:")
            with fresh_warehouse(Path(tmp), "inline", args.lake) as db:
                _print(run_inline(str(sources), db))
            for count in (int(n) for n in args.shards.split(",")):
                with fresh_warehouse(Path(tmp), f"pool{count}", args.lake) as db:
                    _print(run_pool(str(sources), db, count, args.workers, Path(tmp)))


def _print(row: dict) -> None:
    def num(value: float | None, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    print(
        f"{row['run']} | {row['wall']:.1f} | {row['new'] / row['wall']:.0f} | {num(row['pickup'], '.1f')} "
        f"| {num(row['shard_run'], '.1f')} | {row['cpu']:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()

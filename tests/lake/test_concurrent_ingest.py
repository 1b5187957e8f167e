"""Two `mediamon run --shard K/2` processes (disjoint shards) write one DuckLake at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from flows.cli import main
from flows.config import load_sources_file
from flows.run.shards import parse_shard_spec, shard_members
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[2]
# Slow enough that each run spans a few seconds of fetching, so the two runs' loads interleave.
FETCH = {"allow_private_networks": True, "per_host_delay": 0.25, "sitemap_window_days": 36500.0}
SHARDS = ("1/2", "2/2")


def run_shard(sources: Path, db: str, shard: str, api_url: str) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_API_URL": api_url}
    cmd = [sys.executable, "-m", "flows.cli", "run", "--sources", str(sources), "--db", db, "--shard", shard]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def sql_without_prefect(db: str, query: str) -> list[dict]:
    """`mediamon sql --format json` in a fresh process, which must not import Prefect."""
    code = (
        "import sys; from flows.cli import main; rc = main(sys.argv[1:]); "
        "assert 'prefect' not in sys.modules, 'prefect imported'; sys.exit(rc)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "sql", query, "--db", db, "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_two_ingest_processes_fill_one_lake(lake_db, newsroom, tmp_path, prefect_harness, capsys):
    from prefect.settings import PREFECT_API_URL

    sources = tmp_path / "sources.toml"
    sources.write_text(newsroom.sources_toml(FETCH), encoding="utf-8")
    config = load_sources_file(sources)
    members = [{s.name for s in shard_members(config.sources, parse_shard_spec(spec))} for spec in SHARDS]
    assert all(members) and not members[0] & members[1], members  # two real, disjoint shards
    procs = [run_shard(sources, lake_db, spec, PREFECT_API_URL.value()) for spec in SHARDS]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]

    expected = {o.name: newsroom.expect[f"{o.name.replace('-', '_')}_articles"] for o in newsroom.outlets}
    counts = sql_without_prefect(lake_db, "SELECT source, count(*) AS n FROM articles GROUP BY source")
    assert {r["source"]: r["n"] for r in counts} == expected
    assert sum(expected.values()) == newsroom.expect["articles"]

    with Warehouse(lake_db).read() as con:
        assert con.execute("SELECT url FROM articles GROUP BY url HAVING count(*) > 1").fetchall() == []
        runs = con.execute(
            "SELECT started_at, finished_at, status FROM runs WHERE flow = 'ingest' ORDER BY started_at"
        ).fetchall()
        watches = con.execute("SELECT name, count(*) FROM watches GROUP BY name").fetchall()
        duplicate_mentions = con.execute(
            "SELECT watch, url FROM mentions GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        seed = con.execute(
            "SELECT count(*) FROM mentions JOIN articles USING (url) "
            "WHERE watch = 'iran-opposition' AND text LIKE '%BoycottIranShamElections%'"
        ).fetchone()[0]
    assert [status for _, _, status in runs] == ["completed", "completed"]
    (first_start, first_end, _), (second_start, _, _) = runs
    assert second_start < first_end, "the two runs did not overlap"
    assert sorted(watches) == [("iran-opposition", 1), ("river-and-flooding", 1)]
    assert duplicate_mentions == [] and seed == 1

    # The other readers work on the lake; search says in one line why it does not.
    assert main(["status", "--db", lake_db]) == 0
    assert capsys.readouterr().out.count("ingest") >= 2
    assert main(["mentions", "--db", lake_db, "--by", "source"]) == 0
    assert "iran-opposition" in capsys.readouterr().out
    assert main(["export", "--db", lake_db, "--out", str(tmp_path / "snap")]) == 0
    capsys.readouterr()
    with duckdb.connect() as con:
        exported = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'snap' / 'articles.parquet'}')")
        assert exported.fetchone()[0] == newsroom.expect["articles"]
    assert main(["search", "flood", "--db", lake_db]) == 2
    err = capsys.readouterr().err
    assert "full-text search needs the DuckDB file warehouse" in err and len(err.strip().splitlines()) == 1

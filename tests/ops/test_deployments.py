"""Deployments built from a sources file: names, schedules, parameters (no Prefect server needed)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from flows.ops.deployments import build_deployments, schedule_name

SOURCES = """
[[source]]
name = "alpha"
homepage = "https://alpha.example/"
feeds = ["https://alpha.example/feed"]

[[source]]
name = "bravo"
homepage = "https://bravo.example/"
feeds = ["https://bravo.example/feed"]
schedule = "every 2h"

[[source]]
name = "charlie"
homepage = "https://charlie.example/"
feeds = ["https://charlie.example/feed"]
schedule = "every 15m"

[[source]]
name = "delta"
homepage = "https://delta.example/"
pages = ["https://delta.example/latest"]
schedule = "0 6 * * 1-5"
"""


@pytest.mark.parametrize(
    "schedule, name",
    [
        ("*/15 * * * *", "every-15-minutes"),
        ("every 15m", "every-15-minutes"),
        ("every 60m", "every-1-hour"),
        ("0 */6 * * *", "every-6-hours"),
        ("every 90m", "every-90-minutes"),
        ("every 1d", "every-1-day"),
        ("*/7 * * * *", "cron-every7_x_x_x_x"),
        ("0 6 * * 1-5", "cron-0_6_x_x_1-5"),
    ],
)
def test_schedule_names(schedule, name):
    assert schedule_name(schedule) == name


@pytest.fixture
def deployments(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    built = build_deployments(str(path), str(tmp_path / "w.duckdb"))
    return {f"{d.flow_name}/{d.name}": d for d in built}, path, tmp_path / "w.duckdb"


def _schedule(deployment):
    (only,) = deployment.schedules
    return only.schedule


def test_one_ingest_deployment_per_schedule_group(deployments):
    by_name, sources_file, db = deployments
    assert sorted(by_name) == [
        "digest/daily",
        "ingest/adhoc",
        "ingest/cron-0_6_x_x_1-5",
        "ingest/every-15-minutes",
        "ingest/every-2-hours",
        "maintenance/daily",
        "rebuild-search/daily",
        "reextract/on-demand",
    ]
    common = {"sources_file": str(Path(sources_file).resolve()), "db": str(Path(db).resolve()), "force": False}
    # The default schedule and an equivalent interval share one deployment, on the first one's schedule.
    quarter = by_name["ingest/every-15-minutes"]
    assert quarter.parameters == {**common, "sources": ["alpha", "charlie"]}
    assert _schedule(quarter).cron == "*/15 * * * *"
    two_hours = by_name["ingest/every-2-hours"]
    assert two_hours.parameters == {**common, "sources": ["bravo"]}
    assert _schedule(two_hours).interval == timedelta(hours=2)
    weekdays = by_name["ingest/cron-0_6_x_x_1-5"]
    assert weekdays.parameters == {**common, "sources": ["delta"]}
    assert _schedule(weekdays).cron == "0 6 * * 1-5"


def test_on_demand_and_daily_deployments(deployments):
    by_name, sources_file, db = deployments
    adhoc = by_name["ingest/adhoc"]
    assert adhoc.schedules == [] and adhoc.parameters["force"] is True and adhoc.parameters["sources"] is None
    assert by_name["reextract/on-demand"].schedules == []
    assert _schedule(by_name["rebuild-search/daily"]).cron == "30 3 * * *"
    assert _schedule(by_name["maintenance/daily"]).cron == "0 4 * * *"
    assert _schedule(by_name["digest/daily"]).cron == "0 6 * * *"
    for name in ("reextract/on-demand", "rebuild-search/daily", "maintenance/daily", "digest/daily"):
        assert by_name[name].parameters == {"db": str(Path(db).resolve())}
    for deployment in by_name.values():
        # Runs import the installed package, so they work whatever directory the runner is in.
        assert ":" not in deployment.entrypoint and deployment.entrypoint.startswith("flows.")
        assert "mediamon" in deployment.tags


def test_pool_deployments_shard_the_scheduled_groups(tmp_path):
    from flows.ops.deployments import build_pool_deployments

    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    lake = "ducklake:postgres:dbname=shards_catalog host=127.0.0.1"
    by_name = {f"{d.flow_name}/{d.name}": d for d in build_pool_deployments(str(path), lake, 4)}
    assert sorted(by_name) == [
        "digest/daily",
        "ingest-sharded/adhoc",
        "ingest-sharded/cron-0_6_x_x_1-5",
        "ingest-sharded/every-15-minutes",
        "ingest-sharded/every-2-hours",
        "ingest/adhoc",
        "maintenance/daily",
        "rebuild-search/daily",
        "reextract/on-demand",
    ]
    common = {"sources_file": str(path.resolve()), "db": lake, "shards": 4}  # a lake location is not a path
    quarter = by_name["ingest-sharded/every-15-minutes"]
    assert quarter.parameters == {**common, "sources": ["alpha", "charlie"], "force": False}
    assert _schedule(quarter).cron == "*/15 * * * *"
    assert by_name["ingest-sharded/adhoc"].parameters == {**common, "sources": None, "force": True}
    assert by_name["ingest-sharded/adhoc"].schedules == []
    # The shards run as ingest/adhoc runs: the parent passes their sources.
    assert by_name["ingest/adhoc"].parameters["db"] == lake
    for deployment in by_name.values():
        assert ":" not in deployment.entrypoint and deployment.entrypoint.startswith("flows.")

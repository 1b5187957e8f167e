"""Served deployments, triggered ad hoc, run to completion against the session's Prefect server."""

from __future__ import annotations

import asyncio

import duckdb
import pytest

from flows.ops.deployments import build_deployments
from flows.ops.trigger import TriggerError, trigger


def _served(deployments):
    """A runner as `mediamon serve` makes it (one run at a time), its deployments registered."""
    from prefect.runner import Runner

    runner = Runner(limit=1, pause_on_shutdown=False)
    for deployment in deployments:
        runner.add_deployment(deployment)
    return runner


def _run_until_final(runner, flow_run_ids, rounds: int = 10) -> dict:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for _ in range(rounds):
            asyncio.run(runner.start(run_once=True))
            runs = {i: client.read_flow_run(i) for i in flow_run_ids}
            if all(r.state.is_final() for r in runs.values()):
                return runs
    raise AssertionError(f"runs not finished: {[r.state for r in runs.values()]}")


def _artifacts(flow_run_id) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    only_run = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
    with get_client(sync_client=True) as client:
        return {a.key: a.data for a in client.read_artifacts(artifact_filter=only_run)}


def test_triggered_runs_complete_one_at_a_time(prefect_harness, tmp_path, newsroom, newsroom_sources):
    db = tmp_path / "served.duckdb"
    names = [o.name for o in newsroom.outlets[:2]]
    runner = _served(build_deployments(str(newsroom_sources), str(db)))
    ingest_run = trigger("ingest", sources=names)
    maintenance_run = trigger("maintenance")
    runs = _run_until_final(runner, [ingest_run.id, maintenance_run.id])

    for run in runs.values():
        assert run.state.is_completed(), run.state
    first, second = sorted(runs.values(), key=lambda r: r.start_time)
    assert first.end_time <= second.start_time, "served runs overlapped"
    report = _artifacts(ingest_run.id)["ingest-report"]
    for name in names:
        assert f"| {name} |" in report
    assert f"| {newsroom.outlets[-1].name} |" not in report
    con = duckdb.connect(str(db), read_only=True)
    try:
        flows = {r[0] for r in con.execute("SELECT flow FROM runs WHERE status = 'completed'").fetchall()}
        sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM articles").fetchall()}
    finally:
        con.close()
    assert flows == {"ingest", "maintenance"}
    assert sources == set(names)


def test_trigger_of_a_missing_deployment_names_it(prefect_harness):
    with pytest.raises(TriggerError, match="no deployment 'nosuch/flow'"):
        trigger("nosuch/flow")


def test_trigger_without_a_server_says_what_to_set():
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        with pytest.raises(TriggerError, match="PREFECT_API_URL is not set"):
            trigger("ingest")


def test_trigger_refuses_sources_for_whole_warehouse_flows():
    with pytest.raises(TriggerError, match="does not take source names"):
        trigger("maintenance", sources=["x"])


def test_trigger_of_an_unknown_flow_lists_the_known_ones():
    with pytest.raises(TriggerError, match="unknown flow 'nope'; known: ingest, reextract"):
        trigger("nope")

"""Sharded ingest on a real process work pool: two `prefect worker` processes, the session's server.

The deployments are registered as `mediamon deploy` does; the parent flow runs in this process
and its shards run as flow runs that the workers start in processes of their own.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

POOL = "mediamon-test-pool"
WORKERS = 2


@pytest.fixture(scope="module")
def pool_workers(prefect_harness, tmp_path_factory):
    """A process work pool on the harness's server and two real workers polling it."""
    from benchmarks.pool_workers import create_process_pool, process_workers

    create_process_pool(POOL)
    with process_workers(POOL, WORKERS, tmp_path_factory.mktemp("workers")) as workers:
        yield workers


def _child_runs(parent_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    with get_client(sync_client=True) as client:
        return client.read_flow_runs(flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent_id])))


def _artifact(flow_run_id, key: str) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    only = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]), key=ArtifactFilterKey(any_=[key]))
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(artifact_filter=only)
    return artifact.data


def test_sharded_ingest_runs_each_shard_on_the_pool(pool_workers, tmp_path, newsroom, newsroom_sources):
    from flows.ops.pool import deploy_to_pool
    from flows.sharded import ingest_sharded
    from flows.run.shards import shard_of

    db = tmp_path / "sharded.duckdb"
    registered = deploy_to_pool(str(newsroom_sources), str(db), POOL, shards=2)
    assert "ingest/adhoc" in registered and "ingest-sharded/adhoc" in registered

    started = time.perf_counter()
    state = ingest_sharded(sources_file=str(newsroom_sources), db=str(db), shards=2, shard_timeout=240, return_state=True)
    elapsed = time.perf_counter() - started
    print(f"sharded ingest of the sample newsroom, 2 shards on {WORKERS} process workers: {elapsed:.1f} s")
    assert state.is_completed(), state.message
    report = state.result()

    children = _child_runs(state.state_details.flow_run_id)
    assert len(children) == 2
    by_name = {c.name: c for c in children}
    for k in (1, 2):
        child = next(c for name, c in by_name.items() if name.endswith(f"-shard-{k}-of-2"))
        assert child.work_pool_name == POOL and child.state.is_completed(), child.state
        expected = sorted(o.name for o in newsroom.outlets if shard_of(o.name, 2) == k)
        assert sorted(child.parameters["sources"]) == expected
        assert child.parameters["db"] == str(db.resolve())
    first, second = sorted(children, key=lambda c: c.start_time)
    assert first.end_time <= second.start_time, "shards overlapped on a DuckDB file"

    con = duckdb.connect(str(db), read_only=True)
    try:
        stored, distinct = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        runs = con.execute("SELECT count(*) FROM runs WHERE flow = 'ingest' AND status = 'completed'").fetchone()[0]
    finally:
        con.close()
    assert stored == distinct == newsroom.expect["articles"]
    assert runs == 2

    assert [s["shard"] for s in report["shards"]] == ["1/2", "2/2"]
    assert report["totals"]["new"] == newsroom.expect["articles"] and not report["together"]
    markdown = _artifact(state.state_details.flow_run_id, "ingest-sharded-report")
    for child in children:
        assert f"| {child.name} | {POOL} | Completed |" in markdown
    assert f"| {newsroom.expect['articles']} | 0 | 0 |" in markdown.split("| total |")[1]


PROBE = "shard-probe/probe"


@pytest.fixture(scope="module")
def probe_deployment(pool_workers):
    """`tests.ops.shard_probe` deployed on the pool, for the parent to use as its shard deployment."""
    from prefect.deployments.runner import EntrypointType

    from tests.ops.shard_probe import probe

    probe.to_deployment(name=PROBE.split("/")[1], entrypoint_type=EntrypointType.MODULE_PATH).apply(work_pool_name=POOL)
    return PROBE


def _probe_sources(directory: Path, names: list[str]) -> str:
    path = directory / "sources.toml"
    path.write_text(
        "".join(f'[[source]]\nname = "{n}"\nhomepage = "https://{n}.example/"\n\n' for n in names), encoding="utf-8"
    )
    return str(path)


def _first_in_shard(prefix: str, shard: int, count: int) -> str:
    from flows.run.shards import shard_of

    return next(f"{prefix}-{i}" for i in range(1000) if shard_of(f"{prefix}-{i}", count) == shard)


def test_on_a_lake_the_shards_run_at_the_same_time(probe_deployment, tmp_path):
    from flows.sharded import ingest_sharded

    names = [_first_in_shard("probe", 1, 2), _first_in_shard("probe", 2, 2)]
    sources = _probe_sources(tmp_path, names)
    (tmp_path / "rendezvous").mkdir()
    (tmp_path / "rendezvous" / "expect").write_text("2")  # each shard waits until both have started
    state = ingest_sharded(
        sources_file=sources, db="ducklake:postgres:dbname=shards_unused", shards=2,
        deployment=probe_deployment, shard_timeout=180, return_state=True,
    )
    assert state.is_completed(), state.message
    report = state.result()
    assert report["together"] is True and report["totals"]["new"] == 2
    children = _child_runs(state.state_details.flow_run_id)
    assert len(children) == 2 and all(c.state.is_completed() for c in children)
    assert max(c.start_time for c in children) < min(c.end_time for c in children)


def test_a_failed_shard_fails_the_parent_after_the_others_ran(probe_deployment, tmp_path):
    from flows.sharded import ingest_sharded

    failing, fine = _first_in_shard("boom", 1, 2), _first_in_shard("probe", 2, 2)
    sources = _probe_sources(tmp_path, [failing, fine])
    state = ingest_sharded(
        sources_file=sources, db=str(tmp_path / "w.duckdb"), shards=2,
        deployment=probe_deployment, shard_timeout=180, return_state=True,
    )
    assert state.is_failed()
    assert "ShardsFailed: 1 of 2 shards did not complete: shard 1/2 (" in state.message
    assert "boom: this shard fails on purpose" in state.message
    assert state.message.endswith("Stored: the work of shard 2/2")
    children = {c.parameters["sources"][0]: c for c in _child_runs(state.state_details.flow_run_id)}
    assert children[failing].state.is_failed() and children[fine].state.is_completed()
    assert children[failing].end_time <= children[fine].start_time, "a DuckDB file's shards run one after another"
    markdown = _artifact(state.state_details.flow_run_id, "ingest-sharded-report")
    assert "- shard 1/2: Failed" in markdown and f"| {children[fine].name} | {POOL} | Completed | 1 |" in markdown


def test_deploy_names_what_is_missing(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    from flows.ops.pool import DeployError, deploy_to_pool

    sources = _probe_sources(tmp_path, ["alpha"])
    with pytest.raises(DeployError, match="no work pool 'nosuch'.*prefect work-pool create nosuch --type process"):
        deploy_to_pool(sources, None, "nosuch", shards=2)
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="mediamon-test-k8s", type="kubernetes"))
    with pytest.raises(DeployError, match="of type kubernetes: pass --image"):
        deploy_to_pool(sources, None, "mediamon-test-k8s", shards=2)
    with pytest.raises(DeployError, match="between 1 and"):
        deploy_to_pool(sources, None, POOL, shards=0)


def test_deploy_without_a_server_says_what_to_set(tmp_path, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.cli import main

    sources = _probe_sources(tmp_path, ["alpha"])
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["deploy", "--pool", POOL, "--sources", sources]) == 2
    assert "PREFECT_API_URL is not set: work pools live on a Prefect server" in capsys.readouterr().err

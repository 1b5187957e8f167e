"""The `ingest-sharded` flow: a sources file split into shards, each an `ingest` flow run on a work pool.

The parent splits the selected sources with `flows.run.shards.assign_shards`, creates one run of the
`ingest/adhoc` deployment per non-empty shard (`run_deployment`, linked as subflows), waits for
them, and adds up the per-source counts each child publishes as its `ingest-counts` artifact.
Artifacts live on the Prefect server, so this works wherever the children ran.

How the shards run depends on the warehouse:

* a DuckLake warehouse (`ducklake:...`) takes several writers: all shards run at once, as many
  as the pool's workers take;
* a DuckDB file takes one writer: the shards run one after another, each started when the one
  before has finished, so none waits on the writer slot or finds the file busy.

Every shard runs to its end whatever happened to the others; each child stores its own work. If
any shard did not complete (failed, crashed, cancelled, skipped, not picked up in time), the
parent publishes its report and then fails with a message naming those shards.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import absolute_db, load_sources_file
from flows.ingest import COUNTS_ARTIFACT
from flows.run.report import markdown_table
from flows.run.shards import MAX_SHARDS, ShardSpec, assign_shards, shard_loads
from warehouse.db.lake import is_lake

SHARD_DEPLOYMENT = "ingest/adhoc"
SHARD_TIMEOUT = 6 * 3600.0  # seconds a shard may take, from its creation to its end
POLL_SECONDS = 2.0
COUNTED = (
    "feeds_polled", "new", "updated", "unchanged", "non_articles", "failed", "errors", "revisits", "edits", "deleted",
)


class ShardsFailed(Exception):
    """At least one shard did not complete; the others' work is stored."""


@dataclass
class ShardOutcome:
    """One shard of a sharded run: what it was given, its flow run, and what it did."""

    shard: str
    sources: list[str]
    load: int
    flow_run: str = ""
    flow_run_id: str = ""
    work_pool: str = ""
    state: str = "empty"
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None


@task(cache_policy=NO_CACHE, task_run_name="shard-{spec.index}-of-{spec.count}")
def run_shard(
    spec: ShardSpec, outcome: ShardOutcome, deployment: str, parameters: dict, run_name: str, timeout: float
) -> ShardOutcome:
    """Run one shard as a flow run of `deployment` and wait for it; problems go into the outcome."""
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    try:
        run = run_deployment(
            deployment,
            parameters={**parameters, "sources": outcome.sources},
            flow_run_name=run_name,
            timeout=timeout,
            poll_interval=POLL_SECONDS,
            as_subflow=True,
        )
    except ObjectNotFound:
        outcome.state, outcome.error = "not started", f"no deployment {deployment!r}: register it with `mediamon deploy`"
        return outcome
    except Exception as exc:  # the server went away, say: this shard fails, the others go on
        outcome.state, outcome.error = "not started", f"could not start: {exc!r}"
        return outcome
    outcome.flow_run, outcome.flow_run_id, outcome.work_pool = run.name, str(run.id), run.work_pool_name or ""
    state = run.state
    outcome.state = state.name if state else "Unknown"
    if state is None or not state.is_final():
        outcome.error = f"not finished after {timeout:.0f} s; is a worker serving pool {outcome.work_pool or '?'}?"
    elif not state.is_completed():
        outcome.error = f"{state.name}: {state.message or 'no message'}"
    else:
        counts = _child_counts(run.id)
        if counts is None:
            outcome.error = "completed without its counts: it was skipped (see its log)"
        else:
            outcome.counts = counts
    return outcome


def _child_counts(flow_run_id: UUID) -> dict[str, int] | None:
    """The counts of a child's `ingest-counts` artifact, summed over its sources; None if absent."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    only = ArtifactFilter(
        flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]), key=ArtifactFilterKey(any_=[COUNTS_ARTIFACT])
    )
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=only, limit=1)
    if not artifacts:
        return None
    data = artifacts[0].data
    rows = json.loads(data) if isinstance(data, str) else data
    return {name: sum(int(row.get(name, 0)) for row in rows) for name in COUNTED}


@flow(name="ingest-sharded", task_runner=ThreadPoolTaskRunner(max_workers=MAX_SHARDS))
def ingest_sharded(
    sources_file: str,
    db: str | None = None,
    shards: int = 2,
    sources: list[str] | None = None,
    force: bool = True,
    deployment: str = SHARD_DEPLOYMENT,
    shard_timeout: float = SHARD_TIMEOUT,
) -> dict:
    """Ingest all (or the named) sources of `sources_file` as `shards` flow runs of `deployment`.

    Raises ShardsFailed, after publishing the report, when any shard did not complete.
    """
    from prefect.runtime import flow_run

    log = get_run_logger()
    sources_path = str(Path(sources_file).resolve())
    db_path = absolute_db(db)
    selected = load_sources_file(sources_path).select(sources)
    groups = assign_shards(selected, shards)
    outcomes = [
        ShardOutcome(str(ShardSpec(k, shards)), [s.name for s in group], load)
        for k, (group, load) in enumerate(zip(groups, shard_loads(groups)), 1)
    ]
    together = is_lake(db_path)
    log.info(
        "%d sources in %d shards, run %s", len(selected), shards,
        "at once (DuckLake)" if together else "one after another (one DuckDB writer at a time)",
    )
    parameters = {"sources_file": sources_path, "db": db_path, "force": force}
    parent = flow_run.get_name() or "ingest-sharded"

    def start(k: int, outcome: ShardOutcome):
        spec = ShardSpec(k, shards)
        return run_shard.submit(spec, outcome, deployment, parameters, f"{parent}-shard-{k}-of-{shards}", shard_timeout)

    todo = [(k, o) for k, o in enumerate(outcomes, 1) if o.sources]
    if together:
        futures = {k: start(k, o) for k, o in todo}
        for k, future in futures.items():
            outcomes[k - 1] = future.result()
    else:
        for k, outcome in todo:
            outcomes[k - 1] = start(k, outcome).result()
    report = ShardedReport(outcomes, together)
    create_markdown_artifact(key="ingest-sharded-report", markdown=report.markdown(), description="sharded ingest report")
    for line in report.lines():
        log.info(line)
    if report.failed:
        completed = [o.shard for o in outcomes if o.sources and not o.error]
        raise ShardsFailed(
            f"{len(report.failed)} of {len(todo)} shards did not complete: "
            + "; ".join(f"shard {o.shard} ({o.flow_run or 'no flow run'}): {o.error}" for o in report.failed)
            + (f". Stored: the work of shard {', '.join(completed)}" if completed else "")
        )
    return report.as_dict()


@dataclass
class ShardedReport:
    """One line per shard and the totals; the same figures as a Markdown table."""

    shards: list[ShardOutcome]
    together: bool

    @property
    def failed(self) -> list[ShardOutcome]:
        return [o for o in self.shards if o.error]

    def total(self, name: str) -> int:
        return sum(o.counts.get(name, 0) for o in self.shards)

    @property
    def totals(self) -> dict[str, int]:
        return {name: self.total(name) for name in COUNTED}

    def as_dict(self) -> dict:
        return {
            "together": self.together,
            "shards": [asdict(o) for o in self.shards],
            "totals": self.totals,
        }

    def lines(self) -> list[str]:
        lines = [
            f"shard {o.shard}: {len(o.sources)} sources, {o.state}"
            + (f" ({o.flow_run})" if o.flow_run else "")
            + (f"; {self._counts(o.counts)}" if o.counts else "")
            + (f"; error: {o.error}" if o.error else "")
            for o in self.shards
        ]
        done = len(self.shards) - len(self.failed)
        lines.append(f"total: {done} of {len(self.shards)} shards completed; {self._counts(self.totals)}")
        return lines

    @staticmethod
    def _counts(counts: dict[str, int]) -> str:
        return (
            f"{counts.get('new', 0)} new, {counts.get('updated', 0)} updated, {counts.get('unchanged', 0)} unchanged, "
            f"{counts.get('failed', 0)} failed fetches, {counts.get('errors', 0)} source errors"
        )

    def markdown(self) -> str:
        counted = ["new", "updated", "unchanged", "failed", "errors"]
        rows = [
            [o.shard, len(o.sources), o.load, o.flow_run or "-", o.work_pool or "-", o.state]
            + [o.counts.get(name, 0) for name in counted]
            for o in self.shards
        ]
        rows.append(["total", sum(len(o.sources) for o in self.shards), sum(o.load for o in self.shards), "", "", ""]
                    + [self.total(name) for name in counted])
        table = markdown_table(
            ["shard", "sources", "load", "flow run", "work pool", "state", *counted[:3], "failed fetches", "source errors"],
            rows,
        )
        mode = "all at once (DuckLake)" if self.together else "one after another (DuckDB file)"
        problems = "".join(f"- shard {o.shard}: {o.error}\n" for o in self.failed) or "- none\n"
        return f"# Sharded ingest, {len(self.shards)} shards, run {mode}\n\n{table}\n## Shards that did not complete\n{problems}"

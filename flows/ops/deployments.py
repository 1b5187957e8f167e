"""The Prefect deployments `mediamon serve` offers, and `mediamon deploy` registers on a work pool.

Names are stable, so schedules, triggers and the UI can refer to them:

| deployment                 | schedule                 | runs                                       |
|----------------------------|--------------------------|--------------------------------------------|
| `ingest/every-15-minutes`  | one per schedule group   | `ingest` of the sources sharing a schedule |
| `ingest/adhoc`             | none (triggered)         | `ingest` of any source list, forced poll   |
| `reextract/on-demand`      | none (triggered)         | re-derives articles from stored raw pages  |
| `rebuild-search/daily`     | `30 3 * * *` (UTC)       | rebuilds the full-text search index        |
| `maintenance/daily`        | `0 4 * * *` (UTC)        | raw-page retention, then a CHECKPOINT      |
| `digest/daily`             | `0 6 * * *` (UTC)        | the digest page of the last day, published |

On a work pool (`build_pool_deployments`) the scheduled groups are `ingest-sharded/<group>`
instead, each splitting its sources into shards that run as `ingest/adhoc` flow runs, and
`ingest-sharded/adhoc` runs any source list the same way on demand.

A schedule group is named after its schedule: intervals and the equivalent step crons
(`every 10m`, `*/10 * * * *`) become `every-10-minutes`, `every-2-hours`, ...; any other cron
becomes `cron-` plus its fields, `*` spelled `x` and `*/N` spelled `everyN`
(`0 6 * * 1-5` -> `cron-0_6_x_x_1-5`). Sources whose schedules share a name share a deployment,
which uses the schedule the first of them wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flows.config import absolute_db, load_sources_file
from parsers.sources import SourcesConfig, schedule_interval_seconds

if TYPE_CHECKING:
    from prefect.deployments.runner import EntrypointType, RunnerDeployment

ADHOC = "adhoc"
REEXTRACT = "on-demand"
DAILY = "daily"
SEARCH_CRON = "30 3 * * *"
MAINTENANCE_CRON = "0 4 * * *"
DIGEST_CRON = "0 6 * * *"
TAGS = ["mediamon"]

# The deployment each flow name means when `mediamon trigger FLOW` is given no deployment name.
TRIGGER_TARGETS = {
    "ingest": f"ingest/{ADHOC}",
    "reextract": f"reextract/{REEXTRACT}",
    "rebuild-search": f"rebuild-search/{DAILY}",
    "maintenance": f"maintenance/{DAILY}",
    "digest": f"digest/{DAILY}",
    "ingest-sharded": f"ingest-sharded/{ADHOC}",  # on a work pool (`mediamon deploy`)
}

_UNITS = (("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1))
_STEP_MINUTES = re.compile(r"\*/(\d+) \* \* \* \*")
_STEP_HOURS = re.compile(r"0 \*/(\d+) \* \* \*")


@dataclass(frozen=True)
class ScheduleGroup:
    """Sources polled on one schedule: one `ingest` deployment."""

    name: str
    schedule: str
    sources: tuple[str, ...]

    @property
    def interval_seconds(self) -> float | None:
        return schedule_interval_seconds(self.schedule)


def schedule_name(schedule: str) -> str:
    """The deployment name of a schedule (see the module docstring)."""
    seconds = _equivalent_interval(schedule)
    if seconds is not None:
        count, unit = next((int(seconds // size), unit) for unit, size in _UNITS if seconds % size == 0)
        return f"every-{count}-{unit[:-1] if count == 1 else unit}"
    fields = [f.replace("*/", "every").replace("*", "x") for f in schedule.split()]
    return "cron-" + "_".join(fields)


def _equivalent_interval(schedule: str) -> float | None:
    """Seconds of an interval schedule, or of a step cron that fires at even intervals."""
    seconds = schedule_interval_seconds(schedule)
    if seconds is not None:
        return seconds
    normal = " ".join(schedule.split())
    if (m := _STEP_MINUTES.fullmatch(normal)) and 60 % int(m.group(1)) == 0:
        return int(m.group(1)) * 60
    if (m := _STEP_HOURS.fullmatch(normal)) and 24 % int(m.group(1)) == 0:
        return int(m.group(1)) * 3600
    return None


def schedule_groups(config: SourcesConfig) -> list[ScheduleGroup]:
    """Sources grouped by schedule name, in the order the sources file lists them."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for source in config.sources:
        name = schedule_name(source.schedule)
        groups.setdefault(name, (source.schedule, []))[1].append(source.name)
    return [ScheduleGroup(name, schedule, tuple(names)) for name, (schedule, names) in groups.items()]


def build_deployments(sources_file: str, db: str | None = None) -> list[RunnerDeployment]:
    """Every deployment `mediamon serve` offers for this sources file and warehouse.

    Paths are made absolute: runs start in a process of their own, maybe elsewhere.
    """
    from flows.ingest import ingest

    sources_path, db_path = str(Path(sources_file).resolve()), absolute_db(db)
    common = {"sources_file": sources_path, "db": db_path}
    return [
        *_scheduled(ingest, sources_path, common),
        _adhoc_ingest(common),
        *_operations(db_path),
    ]


def build_pool_deployments(sources_file: str, db: str | None, shards: int) -> list[RunnerDeployment]:
    """The deployments `mediamon deploy` registers on a work pool: scheduled runs are sharded.

    Each schedule group becomes `ingest-sharded/<group>`, which splits its sources into `shards`
    runs of `ingest/adhoc`; `ingest-sharded/adhoc` does the same on demand. The operations
    deployments are those of `serve`, under the same names.
    """
    from flows.sharded import ingest_sharded

    sources_path, db_path = str(Path(sources_file).resolve()), absolute_db(db)
    common = {"sources_file": sources_path, "db": db_path}
    return [
        *_scheduled(ingest_sharded, sources_path, {**common, "shards": shards}),
        ingest_sharded.to_deployment(
            name=ADHOC,
            entrypoint_type=_module_path(),
            parameters={**common, "shards": shards, "sources": None, "force": True},
            tags=TAGS + ["ingest", "adhoc", "sharded"],
            description=f"ingest all or the given sources now in {shards} shards: -p sources='[\"name\"]'",
        ),
        _adhoc_ingest(common),
        *_operations(db_path),
    ]


def _module_path() -> EntrypointType:
    """Runs import the installed package by module path, whatever their working directory: no code
    storage is needed wherever mediamon is installed (a venv, the Docker image)."""
    from prefect.deployments.runner import EntrypointType

    return EntrypointType.MODULE_PATH


def _scheduled(flow, sources_path: str, common: dict) -> list[RunnerDeployment]:
    """One deployment of `flow` per schedule group of the sources file."""
    deployments = []
    for group in schedule_groups(load_sources_file(sources_path)):
        seconds = group.interval_seconds
        schedule = {"interval": timedelta(seconds=seconds)} if seconds else {"cron": group.schedule}
        deployments.append(
            flow.to_deployment(
                name=group.name,
                entrypoint_type=_module_path(),
                **schedule,
                parameters={**common, "sources": list(group.sources), "force": False},
                tags=TAGS + ["ingest", "scheduled"],
                description=f"ingest {', '.join(group.sources)} on schedule {group.schedule!r}",
            )
        )
    return deployments


def _adhoc_ingest(common: dict) -> RunnerDeployment:
    from flows.ingest import ingest

    return ingest.to_deployment(
        name=ADHOC,
        entrypoint_type=_module_path(),
        parameters={**common, "sources": None, "force": True},
        tags=TAGS + ["ingest", "adhoc"],
        description="ingest all or the given sources now: -p sources='[\"name\"]'",
    )


def _operations(db_path: str) -> list[RunnerDeployment]:
    """Re-extraction, the search index, maintenance and the digest: whole-warehouse flows."""
    from flows.digest.flow import digest
    from flows.maintenance import maintenance
    from flows.reextract import reextract
    from flows.search import rebuild_search

    return [
        reextract.to_deployment(
            name=REEXTRACT,
            entrypoint_type=_module_path(),
            parameters={"db": db_path},
            tags=TAGS + ["reextract"],
            description="re-derive articles from stored raw pages with the current parsers",
        ),
        _daily(rebuild_search, SEARCH_CRON, db_path, "search", "rebuild the full-text search index"),
        _daily(maintenance, MAINTENANCE_CRON, db_path, "maintenance", "raw-page retention and a DuckDB CHECKPOINT"),
        _daily(digest, DIGEST_CRON, db_path, "digest", "write the digest page of the last day and publish it as artifacts"),
    ]


def _daily(flow, cron: str, db_path: str, tag: str, description: str) -> RunnerDeployment:
    """The `<flow>/daily` deployment of a whole-warehouse flow, on `cron` (UTC)."""
    return flow.to_deployment(
        name=DAILY,
        entrypoint_type=_module_path(),
        cron=cron,
        parameters={"db": db_path},
        tags=TAGS + [tag],
        description=description,
    )

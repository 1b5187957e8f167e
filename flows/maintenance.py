"""The `maintenance` flow: drop raw pages past their retention, then compact the warehouse.

Raw pages are the bulk of the file and are only needed to re-extract articles, so they are kept
for a limited time; articles, versions and the fetch log stay. The compacting CHECKPOINT folds the
WAL into the database file, so the file readers copy is complete and the next start is quick, and
merges the small row groups the ingest's loads leave behind (`warehouse.retention.compact`). On a
DuckLake it runs the lake's maintenance instead: inlined rows to Parquet, small files merged, old
snapshots expired and their files deleted (`warehouse.retention.lake_maintenance`). SIGTERM or
SIGINT during the pruning skips the compaction and marks the run `interrupted`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from prefect import flow, get_run_logger

from flows.config import resolve_db
from flows.run.shutdown import stoppable_run
from flows.run.writer import sole_writer
from warehouse import Warehouse

RAW_RETENTION_DAYS = 90.0


@flow(name="maintenance")
@sole_writer
def maintenance(db: str | None = None, raw_retention_days: float | None = RAW_RETENTION_DAYS) -> dict:
    """Prune raw pages fetched more than `raw_retention_days` ago (None keeps all), then compact."""
    log = get_run_logger()
    warehouse = Warehouse(resolve_db(db))
    warehouse.migrate()
    params = {"raw_retention_days": raw_retention_days}
    with stoppable_run(warehouse, "maintenance", [], params) as (run_id, shutdown):
        summary: dict = {"run_id": run_id, **params, "raw_pages_pruned": 0}
        if raw_retention_days is not None:
            cutoff = datetime.now(timezone.utc) - timedelta(days=raw_retention_days)
            summary["raw_pages_pruned"] = warehouse.prune_raw_pages(cutoff)
            log.info("pruned %d raw pages fetched before %s", summary["raw_pages_pruned"], cutoff.isoformat())
        if shutdown.signal_name:
            summary["interrupted"] = shutdown.signal_name
        else:
            warehouse.compact()
            log.info("compacting checkpoint done")
        warehouse.finish_run(run_id, "interrupted" if shutdown.signal_name else "completed", summary)
        shutdown.settled()
    return summary

"""The `rebuild-search` flow: rebuild the warehouse's full-text index from the articles.

DuckDB's full-text index does not follow inserts and updates, so it is rebuilt on a schedule
(daily by default) and on demand after a large load or a re-extraction. A DuckLake cannot hold
the index: there the run is skipped with the reason. SIGTERM or SIGINT marks the run
`interrupted`; the rebuild is one transaction, so the old index stays until a rebuild completes.
"""

from __future__ import annotations

import time

from prefect import flow, get_run_logger

from flows.config import resolve_db
from flows.run.shutdown import stoppable_run
from flows.run.writer import sole_writer
from warehouse import Warehouse
from warehouse.queries.search import LAKE_UNSUPPORTED


@flow(name="rebuild-search")
@sole_writer
def rebuild_search(db: str | None = None) -> dict:
    """Rebuild the search index of the warehouse at `db`."""
    warehouse = Warehouse(resolve_db(db))
    if warehouse.is_lake:
        get_run_logger().warning("rebuild-search skipped: %s", LAKE_UNSUPPORTED)
        return {"skipped": True, "flow": "rebuild-search", "reason": LAKE_UNSUPPORTED}
    warehouse.migrate()
    with stoppable_run(warehouse, "rebuild-search", [], {}) as (run_id, shutdown):
        started = time.monotonic()
        warehouse.rebuild_search()
        summary = {"run_id": run_id, "seconds": round(time.monotonic() - started, 3)}
        warehouse.finish_run(run_id, "completed", summary)
        shutdown.settled()
    get_run_logger().info("search index rebuilt in %.1f s", summary["seconds"])
    return summary

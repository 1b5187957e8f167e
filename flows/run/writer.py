"""One writer at a time: flows that write the warehouse take the writer slot first.

Two guards, because DuckDB allows one read-write process per file:

* a Prefect global concurrency limit (`mediamon-warehouse-writer`, one slot) that every writing
  flow run holds while it runs, so runs queued by any process wait their turn on the server;
* the warehouse's own single-writer lock, which holds without any server: a run that still
  finds the file busy (a `mediamon run` outside Prefect, say) raises `WarehouseBusy`.

A run that waits too long for the slot, or finds the warehouse busy, is skipped with one warning
line in its log; the next scheduled run tries again.

A DuckLake warehouse (`ducklake:...`) takes neither guard: several processes writing one lake at
once is what it is for, and its writes retry their own commit conflicts (`warehouse.lake`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.concurrency.sync import concurrency

from flows.config import resolve_db
from warehouse import WarehouseBusy
from warehouse.lake import is_lake

WRITER_LIMIT = "mediamon-warehouse-writer"
WRITER_WAIT_SECONDS = 30 * 60.0

P = ParamSpec("P")


def ensure_writer_limit() -> None:
    """Create the one-slot limit on the Prefect server, or set an existing one back to one slot."""
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(WRITER_LIMIT, 1)


def sole_writer(fn: Callable[P, dict]) -> Callable[P, dict]:
    """Run a flow function as the warehouse's only writer; put it under `@flow`.

    A run that cannot become the writer returns `{"skipped": True, "flow": ..., "reason": ...}`.
    The wrapped function keeps its signature, so the deployment's parameter schema is unchanged.
    """
    name = fn.__name__.replace("_", "-")
    signature = inspect.signature(fn, eval_str=True)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> dict:
        if is_lake(resolve_db(signature.bind(*args, **kwargs).arguments.get("db"))):
            return fn(*args, **kwargs)
        log = get_run_logger()
        ensure_writer_limit()
        acquired = False
        try:
            # A lost lease must not kill a run half-way: the warehouse lock still guards the file.
            with concurrency(
                WRITER_LIMIT,
                occupy=1,
                timeout_seconds=WRITER_WAIT_SECONDS,
                strict=True,
                raise_on_lease_renewal_failure=False,
            ):
                acquired = True
                return fn(*args, **kwargs)
        except TimeoutError:
            if acquired:
                raise
            reason = f"another run has held the warehouse writer slot {WRITER_LIMIT!r} for over {WRITER_WAIT_SECONDS:.0f} s"
        except WarehouseBusy as exc:
            reason = f"the warehouse is busy: {exc}"
        log.warning("%s skipped: %s; the next run will try again", name, reason)
        return {"skipped": True, "flow": name, "reason": reason}

    # Prefect would resolve string annotations in this module's namespace: give it real types.
    wrapper.__signature__ = signature  # type: ignore[attr-defined]
    return wrapper

"""One writer at a time: flows that write a DuckDB warehouse file take its writer slot first.

Two guards, because DuckDB allows one read-write process per file:

* the warehouse's writer slot (`flows.run.writer_slot`), an OS lock on a file beside it, that
  every writing flow run holds while it runs: runs on the same file wait their turn, runs on
  other files never wait, and a holder that dies releases it with its process;
* the warehouse's own single-writer lock, for a writer that takes no slot (a `mediamon sql`
  session, an older mediamon): a run that still finds the file busy raises `WarehouseBusy`.

A waiting run says so in its log (what it waits for, held by whom, since when), then once a
minute. A run that waits longer than WRITER_WAIT_SECONDS, or finds the warehouse busy, is skipped
with one warning line in its log; the next scheduled run tries again.

A DuckLake warehouse (`ducklake:...`) takes no slot: several processes writing one lake at once
is what it is for, and its writes retry their own commit conflicts (`warehouse.db.lake`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec

from prefect import get_run_logger

from flows.config import resolve_db
from flows.run.writer_slot import SlotTimeout, writer_slot
from warehouse import WarehouseBusy
from warehouse.db.lake import is_lake

WRITER_WAIT_SECONDS = 30 * 60.0

P = ParamSpec("P")


def sole_writer(fn: Callable[P, dict]) -> Callable[P, dict]:
    """Run a flow function as the warehouse's only writer; put it under `@flow`.

    A run that cannot become the writer returns `{"skipped": True, "flow": ..., "reason": ...}`.
    The wrapped function keeps its signature, so the deployment's parameter schema is unchanged.
    """
    name = fn.__name__.replace("_", "-")
    signature = inspect.signature(fn, eval_str=True)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> dict:
        db = resolve_db(signature.bind(*args, **kwargs).arguments.get("db"))
        if is_lake(db):
            return fn(*args, **kwargs)
        log = get_run_logger()
        acquired = False
        try:
            with writer_slot(db, name, WRITER_WAIT_SECONDS, report=log.warning):
                acquired = True
                return fn(*args, **kwargs)
        except SlotTimeout as exc:
            if acquired:
                raise
            reason = str(exc)
        except WarehouseBusy as exc:
            reason = f"the warehouse is busy: {exc}"
        log.warning("%s skipped: %s; the next run will try again", name, reason)
        return {"skipped": True, "flow": name, "reason": reason}

    # Prefect would resolve string annotations in this module's namespace: give it real types.
    wrapper.__signature__ = signature  # type: ignore[attr-defined]
    return wrapper

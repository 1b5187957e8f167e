"""`mediamon serve`: run the scheduled and on-demand deployments of a sources file.

This process is meant to be the warehouse's only writer. Writes never overlap:

* the runner starts one flow run at a time (`limit=1`); later runs wait as Late and start next;
* every writing flow holds the warehouse's writer slot, an OS lock beside the file, so runs
  started by another process wait for it too (see flows/run/writer.py);
* below both, the warehouse's single-writer lock; a run that meets it is skipped with a warning.
"""

from __future__ import annotations

import logging

from flows.ops.deployments import build_deployments

log = logging.getLogger("mediamon.serve")


def serve_deployments(sources_file: str, db: str | None = None) -> None:
    """Register the deployments with the Prefect server and run their flow runs until stopped."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL

    deployments = build_deployments(sources_file, db)
    if not PREFECT_API_URL.value():
        log.warning(
            "PREFECT_API_URL is not set: serving against a temporary local Prefect server that stops "
            "with this process; `mediamon trigger` and the UI need `prefect server start` and "
            "PREFECT_API_URL=http://HOST:4200/api"
        )
    serve(*deployments, limit=1)

"""`mediamon trigger`: start a run of a served or deployed deployment now, through the Prefect server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.ops.deployments import TRIGGER_TARGETS

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun

# Flows that take a list of source names; the others run on the whole warehouse.
_TAKES_SOURCES = {"ingest", "ingest-sharded", "reextract"}


class TriggerError(Exception):
    """A trigger that cannot be sent; the message says what to do."""


def trigger(flow_name: str, sources: list[str] | None = None, *, timeout: float | None = 0) -> FlowRun:
    """Create a run of the deployment `flow_name` stands for (or `flow/deployment`) and return it.

    `timeout` 0 returns once the run is scheduled; None waits until it ends. The run is picked up
    by `mediamon serve`, or by the workers of the pool `mediamon deploy` registered it on; either
    must be connected to the same server.
    """
    import httpx
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL

    target = TRIGGER_TARGETS.get(flow_name, flow_name)
    if "/" not in target:
        raise TriggerError(f"unknown flow {flow_name!r}; known: {', '.join(TRIGGER_TARGETS)} or FLOW/DEPLOYMENT")
    parameters = {}
    if sources:
        if target.split("/", 1)[0] not in _TAKES_SOURCES:
            raise TriggerError(f"{target} does not take source names")
        parameters["sources"] = list(sources)
    api = PREFECT_API_URL.value()
    if not api:
        raise TriggerError(
            "PREFECT_API_URL is not set: triggers go through the Prefect server that `mediamon serve` "
            "is connected to; set PREFECT_API_URL=http://HOST:4200/api, or use `mediamon run` to "
            "ingest in this process"
        )
    try:
        return run_deployment(target, parameters=parameters, timeout=timeout, as_subflow=False)
    except ObjectNotFound:
        raise TriggerError(f"no deployment {target!r} on {api}: is `mediamon serve` running, or has `mediamon deploy` registered it, on this server?") from None
    except httpx.TransportError as exc:
        raise TriggerError(f"cannot reach the Prefect server at {api}: {exc}") from None

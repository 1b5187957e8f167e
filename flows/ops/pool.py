"""`mediamon deploy`: register the deployments on a Prefect work pool, whose workers run them.

Unlike `serve`, this process only registers and exits. Scheduled ingests are sharded
(`flows.sharded`); the pool's workers (processes, Docker containers or Kubernetes jobs) pick up
the parents and their shards alike.
"""

from __future__ import annotations

from flows.ops.deployments import build_pool_deployments
from flows.run.shards import ShardSpecError, check_shard_count

# Work pool types whose runs start from an image: mediamon must be in it.
_IMAGE_POOLS = {"docker", "kubernetes", "ecs", "cloud-run", "cloud-run-v2", "azure-container-instance"}


class DeployError(Exception):
    """Deployments that cannot be registered; the message says what to do."""


def deploy_to_pool(sources_file: str, db: str | None, pool: str, shards: int, image: str | None = None) -> list[str]:
    """Register every deployment on the work pool `pool`; the names registered."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL

    try:
        check_shard_count(shards)
    except ShardSpecError as exc:
        raise DeployError(str(exc)) from None
    api = PREFECT_API_URL.value()
    if not api:
        raise DeployError(
            "PREFECT_API_URL is not set: work pools live on a Prefect server; run `prefect server start` "
            "and set PREFECT_API_URL=http://HOST:4200/api"
        )
    try:
        with get_client(sync_client=True) as client:
            pool_type = client.read_work_pool(pool).type
    except ObjectNotFound:
        raise DeployError(f"no work pool {pool!r} on {api}: create it with `prefect work-pool create {pool} --type process`") from None
    except httpx.TransportError as exc:
        raise DeployError(f"cannot reach the Prefect server at {api}: {exc}") from None
    if pool_type in _IMAGE_POOLS and not image:
        raise DeployError(f"work pool {pool!r} is of type {pool_type}: pass --image, an image with mediamon installed")
    deployments = build_pool_deployments(sources_file, db, shards)
    for deployment in deployments:
        deployment.apply(work_pool_name=pool, image=image)
    return [f"{d.flow_name}/{d.name}" for d in deployments]

"""Real `prefect worker start --type process` workers on a work pool, for tests and benchmarks.

Each worker runs in a session of its own, so stopping it also stops the flow runs it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def create_process_pool(name: str) -> None:
    """A process work pool with the default job template on the current Prefect server."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.workers.process import ProcessWorker

    template = ProcessWorker.get_default_base_job_template()
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name=name, type="process", base_job_template=template))


@contextmanager
def process_workers(pool: str, count: int, log_dir: Path) -> Iterator[list[subprocess.Popen]]:
    """`count` workers on `pool`, pointed at this process's Prefect server; logs in `log_dir`."""
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PREFECT_HOME": str(log_dir / "prefect-home"),
        "PREFECT_WORKER_QUERY_SECONDS": "1",  # default 10: a shard would wait that long to start
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PYTHONPATH": str(REPO),  # flows defined under tests/ and benchmarks/ import too
    }
    prefect_cli = Path(sys.executable).with_name("prefect")
    with ExitStack() as stack:
        workers = []
        for i in range(count):
            log = stack.enter_context(open(log_dir / f"worker-{i}.log", "wb"))
            argv = [str(prefect_cli), "worker", "start", "--pool", pool, "--type", "process", "--name", f"{pool}-{i}"]
            proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            stack.callback(_stop, proc)
            workers.append(proc)
        yield workers


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

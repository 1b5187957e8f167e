"""A stand-in for `ingest` as the shard deployment, to test how `ingest-sharded` runs its shards.

It takes ingest's parameters and publishes the same `ingest-counts` artifact (one new article
per source), touches nothing else, and fails when given a source whose name starts with `boom`. When the sources
file's directory holds `rendezvous/expect`, each run marks itself started there and waits until
that many runs have: only runs that execute at the same time get through.
"""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow
from prefect.artifacts import create_table_artifact

from flows.ingest import COUNTS_ARTIFACT

RENDEZVOUS_SECONDS = 90.0


@flow(name="shard-probe")
def probe(sources_file: str, db: str | None = None, sources: list[str] | None = None, force: bool = True) -> dict:
    names = list(sources or [])
    meeting = Path(sources_file).parent / "rendezvous"
    if (meeting / "expect").exists():
        (meeting / f"started-{names[0]}").touch()
        expected = int((meeting / "expect").read_text())
        deadline = time.monotonic() + RENDEZVOUS_SECONDS
        while len(list(meeting.glob("started-*"))) < expected:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{names}: the other shards did not run at the same time")
            time.sleep(0.2)
    if any(n.startswith("boom") for n in names):
        raise RuntimeError("boom: this shard fails on purpose")
    create_table_artifact(key=COUNTS_ARTIFACT, table=[{"source": n, "new": 1} for n in names])
    return {"sources": names}

"""Shared fixtures: one fault server per module, fast fetch settings."""

from collections.abc import Iterator

import pytest

from parsers.sources import FetchSettings
from tests.fetch.faultserver import FaultServer, start_fault_server

FAST = FetchSettings(
    per_host_delay=0.05,
    timeout=1.0,
    deadline=1.0,
    retries=2,
    retry_backoff=0.05,
    retry_after_cap=5.0,
    max_bytes=1_000_000,
    allow_private_networks=True,
    contact="https://ops.example/mediamon",
)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    srv = start_fault_server()
    yield srv
    srv.stop()


@pytest.fixture
def fast() -> FetchSettings:
    return FAST

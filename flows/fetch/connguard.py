"""Connection-level guards for httpx: the total deadline and the connected address.

httpx resolves host names itself, after `netsafety.check_url` did, so a DNS answer that changes
in between (rebinding) could slip past; and its timeouts apply per socket operation, so a server
trickling one byte at a time never trips them. Both are fixed one level down: the httpcore
network backend below the client checks the peer address of every new connection and clips
every connect, read and write to the deadline of the exchange running in the current thread
(the sync client does its I/O in the calling thread, pooled keep-alive connections included).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from flows.fetch.netsafety import is_public

_local = threading.local()


@dataclass(slots=True)
class Scope:
    """The limits of one HTTP exchange; `refused` / `expired` tell whether one of them cut it."""

    deadline: float  # time.monotonic() value
    vet_address: bool
    refused: str | None = None

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def clip(self, timeout: float | None) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("deadline passed")
        return remaining if timeout is None else min(timeout, remaining)


@contextmanager
def exchange_scope(*, deadline: float, vet_address: bool) -> Iterator[Scope]:
    """Limits for the exchange made by this thread inside the block (`deadline` in seconds)."""
    scope = Scope(time.monotonic() + deadline, vet_address)
    previous = getattr(_local, "scope", None)
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous


def guarded_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose connections obey the current thread's `exchange_scope`."""
    ssl_context = httpx.create_ssl_context()
    transport = httpx.HTTPTransport(verify=ssl_context, limits=limits)
    # httpx offers no public hook for the network backend, so the pool is rebuilt with ours,
    # with the settings HTTPTransport itself would use.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(httpcore.SyncBackend()),
    )
    return transport


def _scope() -> Scope | None:
    return getattr(_local, "scope", None)


def _clip(timeout: float | None) -> float | None:
    scope = _scope()
    return timeout if scope is None else scope.clip(timeout)


class GuardedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clip(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clip(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return GuardedStream(self._inner.start_tls(ssl_context, server_hostname, _clip(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _clip(timeout), local_address, socket_options)
        scope = _scope()
        if scope is not None and scope.vet_address:
            peer = stream.get_extra_info("server_addr")
            address = ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
            if not is_public(address):
                stream.close()
                scope.refused = f"{host} connected to non-public address {address}"
                raise httpcore.ConnectError(scope.refused)
        return GuardedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the fetcher")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)

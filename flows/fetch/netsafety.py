"""Which URLs the fetcher may contact: http(s) only, and no private or metadata addresses.

The check resolves the host and refuses it if any address it resolves to is not globally
routable (private, loopback, link-local, which includes the 169.254.169.254 cloud metadata
endpoint, shared/CGNAT, multicast, reserved). It runs on every redirect hop. The connection
itself resolves again, so a DNS answer that changes between the two (rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a URL may not be fetched: `outcome` is "refused" (policy) or "failed" (DNS)."""

    outcome: str
    error_class: str
    error: str


def check_url(url: str, *, allow_private: bool) -> Refusal | None:
    """None when `url` may be fetched, else why not."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        return Refusal("refused", "bad_scheme", f"scheme {parts.scheme!r} is not http or https")
    host = parts.hostname
    if not host:
        return Refusal("refused", "bad_url", "URL has no host")
    if allow_private:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        return Refusal("failed", "dns", f"cannot resolve {host}: {exc}")
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not is_public(address):
            return Refusal("refused", "private_address", f"{host} resolves to non-public {address}")
    return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast; IPv4-mapped / 6to4-embedded IPv4 is judged by the IPv4 part."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast

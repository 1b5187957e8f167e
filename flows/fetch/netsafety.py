"""Which URLs the fetcher may contact: http(s) only, and no private or metadata addresses.

The check resolves the host and refuses it if any address it resolves to is not globally
routable (private, loopback, link-local, which includes the 169.254.169.254 cloud metadata
endpoint, shared/CGNAT, multicast, reserved, deprecated site-local), IPv6 forms that wrap an IPv4
address included. It runs on every redirect hop. The connection itself resolves again, so a DNS
answer that changes between the two (rebinding) is not caught here: `connguard` vets the
connected address too.
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


# Prefixes that carry an IPv4 address in their last 32 bits: the NAT64 well-known prefix, SIIT's
# IPv4-translated addresses and the deprecated IPv4-compatible ones (which include :: and ::1).
# Each is as reachable as the IPv4 address it wraps.
_IPV4_CARRIERS = tuple(
    ipaddress.IPv6Network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96")
)
# Never public, whatever they carry: local-use NAT64 (RFC 8215) and the deprecated site-local range.
_NEVER_PUBLIC = tuple(ipaddress.IPv6Network(n) for n in ("64:ff9b:1::/48", "fec0::/10"))


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast; an IPv6 address wrapping an IPv4 one (mapped, 6to4, NAT64,
    SIIT, IPv4-compatible) is judged by the IPv4 part."""
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in _NEVER_PUBLIC):
            return False
        embedded = address.ipv4_mapped or address.sixtofour or _carried_ipv4(address)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(address in network for network in _IPV4_CARRIERS):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None

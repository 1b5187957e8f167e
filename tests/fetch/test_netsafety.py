"""The address policy: embedded IPv4 forms judged by their IPv4 part, deprecated ranges refused,
and the connect-time guard kept in an environment that only sets NO_PROXY."""

from __future__ import annotations

import ipaddress
from dataclasses import replace

import pytest

from flows.fetch.fetcher import Fetcher
from flows.fetch.netsafety import is_public

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "ftp_proxy")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the cloud metadata endpoint
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a9fe:a9fe",  # local-use NAT64 prefix (RFC 8215)
        "::7f00:1",  # IPv4-compatible 127.0.0.1 (deprecated)
        "::a9fe:a9fe",
        "::ffff:0:a9fe:a9fe",  # SIIT (IPv4-translated) 169.254.169.254
        "::ffff:0:7f00:1",
        "::ffff:127.0.0.1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "fec0::1",  # site-local (deprecated)
        "fec0:1:2::3",
        "feff::1",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "100::1",  # discard prefix
        "0.0.0.0",
        "100.64.0.1",
        "192.0.0.170",
    ],
)
def test_non_public_addresses(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "2606:4700::1111", "64:ff9b::5db8:d822", "::ffff:93.184.216.34", "2002:5db8:d822::1"],
)
def test_public_addresses(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("variable", ["NO_PROXY", "no_proxy"])
def test_no_proxy_alone_keeps_the_connect_time_guard(server, fast, monkeypatch, variable):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv(variable, "internal.example,.corp")
    monkeypatch.setattr("flows.fetch.fetcher.check_url", lambda url, allow_private: None)
    with Fetcher(replace(fast, allow_private_networks=False)) as strict:
        result = strict.get(f"{server.base_url}/ok/no-proxy-{variable}")
    assert result.outcome == "refused" and result.error_class == "private_address"
    assert server.hits(f"/ok/no-proxy-{variable}") == []

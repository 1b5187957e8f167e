"""`mediamon sources check`: one GET per feed and sitemap against the loopback newsroom."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ops.sources_check import check_sources, render_probes
from parsers.sources import SourcesError
from tests.fetch.faultserver import start_fault_server

ROOT = Path(__file__).resolve().parents[2]


def test_probes_every_feed_and_sitemap(newsroom, newsroom_sources):
    base = next(iter(newsroom.base.values()))
    newsroom_sources.write_text(
        newsroom_sources.read_text(encoding="utf-8")
        + f'[[source]]\nname = "dead"\nhomepage = "{base}/"\nfeeds = ["{base}/no-such-feed.xml"]\n',
        encoding="utf-8",
    )
    probes = check_sources(str(newsroom_sources))
    expected = sum(len(o.feeds) + len(o.sitemaps) for o in newsroom.outlets) + 1
    assert len(probes) == expected
    dead = [p for p in probes if p.source == "dead"]
    assert [(p.ok, p.status, p.problem) for p in dead] == [(False, 404, "HTTP 404")]
    live = [p for p in probes if p.source != "dead"]
    assert all(p.ok and p.status == 200 and p.entries > 0 and p.content_type for p in live), live
    text = render_probes(probes)
    assert f"{expected} URLs probed, 1 failed" in text
    assert "FAIL  dead  feed" in text


def test_unreachable_host_is_reported_not_raised(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        "[fetch]\nallow_private_networks = true\n"  # loopback stands in for an unreachable host
        '[[source]]\nname = "gone"\nhomepage = "http://127.0.0.1:9/"\nfeeds = ["http://127.0.0.1:9/feed"]\n',
        encoding="utf-8",
    )
    (probe,) = check_sources(str(path))
    assert not probe.ok and probe.status is None and "connection failed" in probe.problem


def test_invalid_file_names_the_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[source]]\nname = 'x'\nhomepage = 'nope'\nfeeds = []\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"source\[0\]\.homepage"):
        check_sources(str(path))


def test_status_and_sources_check_do_not_import_prefect():
    code = (
        "import sys, flows.ops.status, flows.ops.sources_check, flows.run.progress;"
        "assert 'prefect' not in sys.modules, 'prefect imported'"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr


def _fault_file(tmp_path, urls: list[str], fetch: str = "") -> str:
    path = tmp_path / "s.toml"
    feeds = ", ".join(f'"{u}"' for u in urls)
    path.write_text(f'{fetch}\n[[source]]\nname = "x"\nhomepage = "{urls[0]}"\nfeeds = [{feeds}]\n', encoding="utf-8")
    return str(path)


def test_private_addresses_refused_with_default_settings(tmp_path):
    srv = start_fault_server()
    try:
        (probe,) = check_sources(_fault_file(tmp_path, [f"{srv.base_url}/feed.xml"]))
        assert not probe.ok and "non-public" in probe.problem
        assert srv.access_log == []  # not one request reached loopback
    finally:
        srv.stop()


def test_fetch_settings_bound_size_deadline_and_redirects(tmp_path):
    srv = start_fault_server()
    base = srv.base_url
    fetch = "[fetch]\nallow_private_networks = true\nper_host_delay = 0.0\ndeadline = 1.0\nmax_bytes = 100000\n"
    urls = [f"{base}/gzip-bomb", f"{base}/drip", f"{base}/redirect-to?to=/private/page", f"{base}/feed.xml"]
    try:
        started = time.monotonic()
        bomb, drip, robots, ok = check_sources(_fault_file(tmp_path, urls, fetch))
        assert time.monotonic() - started < 10
        assert "max_bytes" in bomb.problem
        assert "deadline" in drip.problem
        assert "robots" in robots.problem and srv.hits("/private/page") == []
        assert ok.ok and ok.entries == 3
        assert "mediamon" in srv.hits("/feed.xml")[0].headers["User-Agent"]
    finally:
        srv.stop()

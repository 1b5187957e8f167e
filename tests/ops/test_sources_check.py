"""`mediamon sources check`: one GET per feed and sitemap against the loopback newsroom."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flows.ops.sources_check import check_sources, render_probes
from parsers.sources import SourcesError

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
        '[[source]]\nname = "gone"\nhomepage = "http://127.0.0.1:9/"\nfeeds = ["http://127.0.0.1:9/feed"]\n',
        encoding="utf-8",
    )
    (probe,) = check_sources(str(path), timeout=2.0)
    assert not probe.ok and probe.status is None and "ConnectError" in probe.problem


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

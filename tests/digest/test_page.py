"""The digest page: what it lists, that it is safe with hostile titles, and that its charts draw
in a real headless Chromium (Debian's `chromium`) without network."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from flows.cli import main
from flows.digest.page import MENTIONS_CHART, VOLUME_CHART, write_digest
from parsers.sources import Watch
from tests.digest.png import pixels
from tests.warehouse.conftest import T0, batch, page
from warehouse import Warehouse

CHROMIUM = "/usr/bin/chromium"
STORY = (
    "The river authority confirmed on Monday that the new flood wall will be finished by spring. "
    "Engineers said the concrete sections were delivered ahead of the schedule agreed last year. "
    "Residents of the lower town had asked for the work to start before the autumn storms arrived."
)
HOSTILE = '<script>document.title="owned"</script> MEK & co'


def day(n: int):
    return T0 - timedelta(days=n)


@pytest.fixture
def db(tmp_path) -> Path:
    """Three days of two sources: mentions of two watches, one story carried by both sources,
    a short text."""
    path = tmp_path / "wh.duckdb"
    wh = Warehouse(path)
    wh.set_watches([Watch("mek", "MEK"), Watch("flood", '"flood wall"')])
    wh.load_batch(batch(page("https://courier.example/old", "The MEK said so years ago, at length.", at=day(3)),
                        page("https://courier.example/short", "Brief.", at=day(2))))
    wh.load_batch(batch(page("https://courier.example/wall", STORY, title="Flood wall by spring", at=day(0)),
                        page("https://courier.example/mek", "A statement by the MEK today.", title=HOSTILE, at=day(0))))
    wh.load_batch(batch(page("https://ledger.example/wall", STORY, title="Wall on schedule", source="ledger", at=day(0)),
                        source="ledger"))
    return path


def test_the_last_failed_delivery_of_a_target_is_listed_until_one_succeeds(db, tmp_path):
    from warehouse.alerts import Delivery

    wh = Warehouse(db)
    hook = "https://hooks.example/…"
    wh.record_alerts([Delivery("mek", "webhook", hook, "failed", 2, "HTTP 503")], "run-1")
    wh.record_alerts([Delivery("flood", "webhook", hook, "sent", 1)], "run-1")
    digest = write_digest(db, T0, tmp_path / "r.html")
    assert [(w, t, s, e) for w, t, s, e, _ in digest.undelivered] == [("mek", hook, "failed", "HTTP 503")]
    assert "HTTP 503" in (tmp_path / "r.html").read_text(encoding="utf-8")
    wh.record_alerts([Delivery("mek", "webhook", hook, "sent", 2)], "run-2")
    assert write_digest(db, T0, tmp_path / "r.html").undelivered == []


def test_the_window_lists_new_mentions_clusters_and_short_texts(db, tmp_path):
    digest = write_digest(db, T0 - timedelta(hours=12), tmp_path / "r.html", now=T0 + timedelta(hours=1))
    assert sorted((m.watch, m.url) for m in digest.new_mentions) == [
        ("flood", "https://courier.example/wall"), ("flood", "https://ledger.example/wall"),
        ("mek", "https://courier.example/mek"),
    ]
    assert digest.mention_total == 3  # the old MEK mention is outside the window
    assert digest.undelivered == []
    (cluster,) = digest.clusters
    assert cluster.members == 2 and cluster.sources == ["courier", "ledger"]
    # the charts reach back further than the window: the old mention and the short text's day
    assert ("mek", day(3).date(), 1) in digest.mentions_per_day
    assert ("courier", day(2).date(), 1) in digest.articles_per_day
    assert {h.source for h in digest.health} == {"courier", "ledger"}  # every text here is short
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in html and '<script>document.title="owned"' not in html
    assert "https://cdn" not in html.split("<script>", 1)[0]  # nothing loaded from elsewhere


def test_report_command_writes_the_page(db, tmp_path, capsys):
    out = tmp_path / "sub" / "report.html"
    assert main(["report", "--db", str(db), "--since", "2026-02-28", "--out", str(out)]) == 0
    assert out.stat().st_size > 1_000_000  # Plotly's JavaScript is inlined
    assert f"wrote {out}: 3 new mentions" in capsys.readouterr().out
    assert main(["report", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse at" in capsys.readouterr().err


def test_report_starts_no_prefect_and_takes_no_bad_age(db, tmp_path, capsys):
    code = (
        f"import sys; from flows.cli import main; rc = main(['report', '--db', {str(db)!r}, '--out', {str(tmp_path / 'r.html')!r}]);"
        "assert 'prefect' not in sys.modules, 'prefect imported'; sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert main(["report", "--db", str(db), "--since", "yesterday"]) == 2
    err = capsys.readouterr().err.strip()
    assert "'yesterday' is not a date" in err and len(err.splitlines()) == 1


def test_since_takes_an_age_or_a_date():
    from flows.cli import _age_or_date_arg

    assert _age_or_date_arg("2026-02-28").isoformat() == "2026-02-28T00:00:00+00:00"
    gap = _age_or_date_arg("1d") - _age_or_date_arg("36h")
    assert timedelta(hours=11, minutes=59) < gap < timedelta(hours=12, minutes=1)
    assert _age_or_date_arg("90m") > _age_or_date_arg("1d")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=10000",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=120, check=True)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)")
def test_charts_draw_in_headless_chromium(db, tmp_path):
    report = tmp_path / "report.html"
    write_digest(db, T0 - timedelta(hours=12), report, now=T0 + timedelta(hours=1))
    dom = _chromium(tmp_path, "--dump-dom", report.as_uri()).stdout.decode()
    # Plotly drew both figures as SVG: their titles, and bars with a real shape.
    assert dom.count('class="main-svg"') >= 4  # two layers per figure
    for title in (MENTIONS_CHART, VOLUME_CHART):
        assert re.search(rf'class="gtitle"[^>]*>{title}<', dom), title
    bars = re.findall(r'<g class="point"><path d="M([\d.,VHZ-]+)"', dom)
    assert len(bars) >= 5 and all("V" in d and "H" in d for d in bars)
    assert "<title>owned</title>" not in dom

    shot = tmp_path / "shot.png"
    _chromium(tmp_path, "--window-size=1000,1300", f"--screenshot={shot}", report.as_uri())
    width, height, rows = pixels(shot.read_bytes())
    # Plotly's first two trace colours, #636efa and #EF553B, fill the bars of both charts.
    colours = {(0x63, 0x6E, 0xFA): 0, (0xEF, 0x55, 0x3B): 0}
    for row in rows:
        for rgb in colours:
            colours[rgb] += _count(row, rgb)
    assert all(n > 500 for n in colours.values()), colours


def _count(row: bytes, rgb: tuple[int, int, int]) -> int:
    """Pixels of exactly `rgb` in a row of RGB triples."""
    target = bytes(rgb)
    return sum(1 for i in range(0, len(row), 3) if row[i : i + 3] == target)

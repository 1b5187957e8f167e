"""`mediamon extract URL` fetches through the ingest fetcher, with the sources file's settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fetch.faultserver import start_fault_server

ROOT = Path(__file__).resolve().parents[1]
# A fresh interpreter, so the test also shows that extract imports neither Prefect nor DuckDB.
RUN = (
    "import sys; from flows.cli import main; rc = main(sys.argv[1:]);"
    "assert 'prefect' not in sys.modules, 'prefect imported';"
    "assert 'duckdb' not in sys.modules, 'duckdb imported'; sys.exit(rc)"
)


@pytest.fixture(scope="module")
def server():
    srv = start_fault_server()
    yield srv
    srv.stop()


def _extract(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", RUN, "extract", *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_loopback_refused_by_default(server, tmp_path):
    out = _extract(f"{server.base_url}/ok/refused", cwd=tmp_path)
    assert out.returncode == 2 and "non-public" in out.stderr and len(out.stderr.splitlines()) == 1
    assert server.hits("/ok/refused") == []


def test_sources_file_settings_apply(server, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[fetch]\nallow_private_networks = true\nper_host_delay = 0.0\ndeadline = 1.0\nmax_bytes = 100000\n"
        f'[[source]]\nname = "x"\nhomepage = "{server.base_url}/"\n',
        encoding="utf-8",
    )
    ok = _extract(f"{server.base_url}/redirect/1", "--sources", str(sources), "--format", "json")
    assert ok.returncode == 0, ok.stderr
    assert '"title": "Article redirected"' in ok.stdout and f"{server.base_url}/redirect/0" in ok.stdout
    for path, why in [("/gzip-bomb", "max_bytes"), ("/drip", "deadline"), ("/private/page", "robots")]:
        out = _extract(f"{server.base_url}{path}", "--sources", str(sources))
        assert out.returncode == 2 and why in out.stderr and len(out.stderr.splitlines()) == 1, out.stderr

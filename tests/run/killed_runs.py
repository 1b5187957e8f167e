"""Real `mediamon run` processes, killed or stopped half-way, then run again: shared by the file
and the lake tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.run.bigfeed import BigSite
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[2]
RERUN_LIMIT_SECONDS = 120.0  # a run after a killed one completes within this
STOP_LIMIT_SECONDS = 10.0  # SIGTERM to exit


@dataclass
class Run:
    proc: subprocess.Popen
    out: Path
    err: Path

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout)

    def output(self) -> str:
        return self.out.read_text() + self.err.read_text()


def mediamon_run(tmp: Path, label: str, sources: Path, db: str, env: dict[str, str], **popen: object) -> Run:
    """`mediamon run` in a new process; its output goes to files (a full pipe would stall it)."""
    out, err = tmp / f"{label}.out", tmp / f"{label}.err"
    cmd = [sys.executable, "-m", "flows.cli", "run", "--sources", str(sources), "--db", db]
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=o, stderr=e, **popen)
    return Run(proc, out, err)


def wait_for_pages(site: BigSite, pages: int, run: Run, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while site.pages_served < pages:
        assert run.proc.poll() is None, f"the run ended before {pages} pages: {run.output()[-3000:]}"
        assert time.monotonic() < deadline, f"only {site.pages_served} pages served in {timeout} s"
        time.sleep(0.05)


def rows(db: str, sql: str) -> list[tuple]:
    with Warehouse(db).read() as con:
        return con.execute(sql).fetchall()


def kill_mid_load_then_rerun(tmp: Path, site: BigSite, kind: str, db: str, sig: signal.Signals, env: dict[str, str]) -> None:
    """Kill a run of `site` after 60% of its pages with `sig`, run again, and check that every
    article is stored once, the runs are marked, and the rerun fetched only what was missing."""
    sources = tmp / "sources.toml"
    sources.write_text(site.sources_toml(kind), encoding="utf-8")
    first = mediamon_run(tmp, "first", sources, db, env)
    wait_for_pages(site, site.entries * 6 // 10, first)
    signalled = time.monotonic()
    first.proc.send_signal(sig)
    code = first.wait(timeout=60)
    stopped_in = time.monotonic() - signalled
    if sig == signal.SIGTERM:
        assert code == 128 + sig, first.output()[-3000:]
        assert stopped_in <= STOP_LIMIT_SECONDS, f"SIGTERM took {stopped_in:.1f} s"
        assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
        assert "interrupted by SIGTERM" in first.output()
    else:
        assert code == -sig
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert stored < site.entries
    # The document's state waits for its last entry: none saved yet, so the rerun lists it again.
    assert rows(db, "SELECT count(*) FROM feeds WHERE consecutive_failures = 0") == [(0,)]
    served = site.pages_served

    started = time.monotonic()
    second = mediamon_run(tmp, "second", sources, db, env)
    assert second.wait(timeout=RERUN_LIMIT_SECONDS) == 0, second.output()[-3000:]
    took = time.monotonic() - started
    assert took < RERUN_LIMIT_SECONDS

    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(site.entries, site.entries)]
    statuses = rows(db, "SELECT status FROM runs ORDER BY started_at")
    assert statuses == [("interrupted" if sig == signal.SIGTERM else "crashed",), ("completed",)]
    (summary,) = rows(db, "SELECT summary FROM runs WHERE status = 'completed'")[0]
    (report,) = json.loads(summary)["sources"]
    assert (report["new"], report["unchanged"]) == (site.entries - stored, stored), report
    assert site.pages_served - served == site.entries - stored, "the rerun fetched only what was missing"

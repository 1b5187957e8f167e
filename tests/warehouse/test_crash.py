"""Nothing lost: a loader killed mid-load leaves a consistent warehouse, and a rerun completes it."""

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.warehouse import crash_loader
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[2]


def counts(wh):
    with wh.read() as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "pages", "fetches", "article_history", "article_sketch")
        }


def test_sigkill_mid_load_then_rerun(tmp_path):
    path = tmp_path / "wh.duckdb"
    Warehouse(path).migrate()
    cmd = [sys.executable, "-m", "tests.warehouse.crash_loader", str(path)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.strip() == "start 4":
            break
    time.sleep(0.05)  # inside batch 4's transaction (or just after it)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    wh = Warehouse(path)
    after_crash = counts(wh)
    n = after_crash["articles"]
    per = crash_loader.PER_BATCH
    assert n % per == 0 and 4 * per <= n < crash_loader.BATCHES * per  # whole batches only
    assert after_crash["pages"] == after_crash["fetches"] == n
    assert after_crash["article_sketch"] > 0 and after_crash["article_history"] == 0

    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    total = crash_loader.BATCHES * per
    assert counts(wh) == {**after_crash, "articles": total, "pages": total, "fetches": total,
                          "article_sketch": counts(wh)["article_sketch"]}
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles WHERE version <> 1").fetchone()[0] == 0

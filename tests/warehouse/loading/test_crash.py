"""Nothing lost: a loader killed mid-load leaves a consistent warehouse, and a rerun completes it."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.warehouse.loading import crash_loader
from tests.warehouse.conftest import batch, page
from warehouse import Warehouse, stage_batch
from warehouse.db.connect import DIRECT_COMMIT_BYTES

ROOT = Path(__file__).resolve().parents[3]


def counts(wh):
    with wh.read() as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "pages", "fetches", "article_history", "article_sketch")
        }


@pytest.mark.parametrize("per", [crash_loader.PER_BATCH, crash_loader.LARGE], ids=["wal", "direct"])
@pytest.mark.parametrize("delay", [0.05, 0.3])
def test_sigkill_mid_load_then_rerun(tmp_path, per, delay):
    path = tmp_path / "wh.duckdb"
    Warehouse(path).migrate()
    cmd = [sys.executable, "-m", "tests.warehouse.loading.crash_loader", str(path), str(per)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.strip() == "start 4":
            break
    time.sleep(delay)  # inside batch 4's transaction, its commit, or just after it
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    wh = Warehouse(path)
    after_crash = counts(wh)
    n = after_crash["articles"]
    assert n % per == 0 and 4 * per <= n < crash_loader.BATCHES * per  # whole batches only
    assert after_crash["pages"] == after_crash["fetches"] == n
    assert after_crash["article_sketch"] > 0 and after_crash["article_history"] == 0

    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    total = crash_loader.BATCHES * per
    assert counts(wh) == {**after_crash, "articles": total, "pages": total, "fetches": total,
                          "article_sketch": counts(wh)["article_sketch"]}
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles WHERE version <> 1").fetchone()[0] == 0


def test_large_batches_are_what_commits_directly():
    large, small = (next(crash_loader.batches(n)) for n in (crash_loader.LARGE, crash_loader.PER_BATCH))
    assert stage_batch(large).nbytes >= DIRECT_COMMIT_BYTES > stage_batch(small).nbytes


def test_direct_commit_leaves_no_wal_and_reads_back(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    wal = Path(f"{wh.path}.wal")
    with wh.write():
        wh.load_batch(next(crash_loader.batches(crash_loader.LARGE)))
        assert not wal.exists() or wal.stat().st_size == 0  # written into the file by a checkpoint
        wh.load_batch(batch(page("https://e.com/small")))
        assert wal.stat().st_size > 0  # a small load goes to the WAL
    assert counts(wh)["articles"] == crash_loader.LARGE + 1

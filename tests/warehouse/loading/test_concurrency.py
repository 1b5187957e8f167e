"""Other processes: a writer holding the file, analysts reading between batches."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.warehouse.conftest import batch, page
from warehouse import Warehouse, WarehouseBusy

ROOT = Path(__file__).resolve().parents[3]


def hold_file(path, seconds: float) -> subprocess.Popen:
    """Another process that opens the file read-write and keeps it for `seconds`."""
    code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
        "time.sleep(float(sys.argv[2]))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_write_gives_up_with_a_clear_error(tmp_path):
    path = tmp_path / "wh.duckdb"
    Warehouse(path).migrate()
    proc = hold_file(path, 3)
    try:
        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match="another process"):
            Warehouse(path, write_wait=0.5).load_batch(batch(page("https://e.com/a")))
        assert time.monotonic() - started < 2
    finally:
        proc.kill()
        proc.wait()


def test_write_waits_for_the_other_process(tmp_path):
    path = tmp_path / "wh.duckdb"
    Warehouse(path).migrate()
    proc = hold_file(path, 0.5)
    try:
        counts = Warehouse(path, write_wait=10).load_batch(batch(page("https://e.com/a")))
        assert counts.new == 1
    finally:
        proc.wait()


def test_another_process_reads_between_batches(tmp_path):
    path = tmp_path / "wh.duckdb"
    Warehouse(path).migrate()
    loader = (
        "import sys; sys.path[:0] = [sys.argv[2]]\n"
        "from tests.warehouse.conftest import batch, page\n"
        "from warehouse import Warehouse\n"
        "wh = Warehouse(sys.argv[1])\n"
        "for i in range(15):\n"
        "    wh.load_batch(batch(page(f'https://e.com/{i}')))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", loader, str(path), str(ROOT)])
    reader = Warehouse(path, read_wait=10)
    seen = []
    while proc.poll() is None:
        with reader.read() as con:
            seen.append(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        time.sleep(0.02)  # an analyst's pace, not a busy loop
    assert proc.wait() == 0
    with reader.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 15
    assert seen == sorted(seen)


def test_calls_inside_an_open_write_block_share_the_file(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.migrate()
    with wh.write():
        wh.load_batch(batch(page("https://e.com/a")))
        assert list(wh.page_states(["https://e.com/a"])) == ["https://e.com/a"]
        with wh.read() as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1

"""The ingest's writer thread: loads queued together are written as one, a bad one fails alone."""

import threading

import pytest

from flows.run.loader import Loader
from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse, stage_batch


def test_queued_loads_are_written_together_and_a_bad_batch_fails_alone(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.migrate()
    good = [batch(page(f"https://e.com/{i}", f"Story number {i}.", at=later(i)), source=f"s{i}") for i in range(3)]
    bad = batch(page("https://bad.example/x", source=None), source="bad")  # no source: the load fails
    release = threading.Event()
    with Loader(wh, max_pages=100) as loader:
        loader.write(lambda _: release.wait())  # holds the writer until every load is queued
        loads = [loader.load(stage_batch(b)) for b in (good[0], bad, good[1], good[2])]
        release.set()
        assert [loads[i].result().new for i in (0, 2, 3)] == [1, 1, 1]
        with pytest.raises(Exception, match="NOT NULL"):
            loads[1].result()
    with wh.read() as con:
        stored = con.execute("SELECT url FROM articles ORDER BY url").fetchall()
    assert stored == [(f"https://e.com/{i}",) for i in range(3)]


def test_abandon_drops_queued_writes_and_lets_the_one_in_progress_finish(tmp_path):
    from flows.run.loader import Interrupted

    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.migrate()
    started, release = threading.Event(), threading.Event()

    def in_progress(_):
        started.set()
        release.wait()
        return "finished"

    with Loader(wh, max_pages=100) as loader:
        first = loader.write(in_progress)
        started.wait()  # the writer is busy with it: what is queued next waits in the queue
        queued = loader.load(stage_batch(batch(page("https://e.com/queued", "Queued story."))))
        loader.abandon()
        later_one = loader.load(stage_batch(batch(page("https://e.com/later", "Later story."))))
        release.set()
        assert first.result() == "finished"
        for dropped in (queued, later_one):
            with pytest.raises(Interrupted):
                dropped.result()
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 0


def test_a_loader_shortens_the_switch_interval_while_it_runs(tmp_path):
    import sys

    from flows.run.loader import WRITER_SWITCH_INTERVAL

    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.migrate()
    before = sys.getswitchinterval()
    assert before > WRITER_SWITCH_INTERVAL  # the interpreter's default, 5 ms
    first = Loader(wh)
    with Loader(wh):
        assert sys.getswitchinterval() == WRITER_SWITCH_INTERVAL
    assert sys.getswitchinterval() == WRITER_SWITCH_INTERVAL  # `first` still runs
    first.close()
    first.close()  # a second close changes nothing
    assert sys.getswitchinterval() == before

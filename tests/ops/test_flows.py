"""The operations flows run in this process: reextract, maintenance, and the writer slot."""

from __future__ import annotations

import duckdb
import pytest

from flows.run import writer
from flows.ingest import ingest
from flows.maintenance import maintenance
from flows.reextract import reextract
from warehouse import Warehouse


def _count(db, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_reextract_rederives_stored_pages_without_fetching(prefect_harness, tmp_path, newsroom, newsroom_sources):
    db = tmp_path / "re.duckdb"
    name = newsroom.outlets[0].name
    ingest(sources_file=str(newsroom_sources), db=str(db), sources=[name])
    articles = _count(db, "SELECT count(*) FROM articles")
    versions = _count(db, "SELECT count(*) FROM article_versions")
    requests = len(newsroom.log)

    report = reextract(db=str(db), sources=[name])
    assert len(newsroom.log) == requests, "reextract fetched something"
    (only,) = report["sources"]
    assert only["source"] == name and only["new"] == 0 and only["updated"] == 0
    assert only["unchanged"] == articles
    assert _count(db, "SELECT count(*) FROM article_versions") == versions
    assert _count(db, "SELECT count(*) FROM runs WHERE flow = 'reextract' AND status = 'completed'") == 1


def test_maintenance_prunes_raw_pages_past_retention(prefect_harness, tmp_path, newsroom, newsroom_sources):
    db = tmp_path / "m.duckdb"
    ingest(sources_file=str(newsroom_sources), db=str(db), sources=[newsroom.outlets[0].name])
    pages = _count(db, "SELECT count(*) FROM pages")
    assert maintenance(db=str(db))["raw_pages_pruned"] == 0  # all fetched just now
    assert maintenance(db=str(db), raw_retention_days=0)["raw_pages_pruned"] == pages
    assert _count(db, "SELECT count(*) FROM pages") == 0
    assert _count(db, "SELECT count(*) FROM articles") > 0, "articles outlive their raw pages"


def test_run_that_cannot_get_the_writer_slot_is_skipped(prefect_harness, tmp_path, monkeypatch, caplog):
    from flows.run.writer_slot import writer_slot

    monkeypatch.setattr(writer, "WRITER_WAIT_SECONDS", 1.0)
    db = tmp_path / "busy.duckdb"
    with writer_slot(str(db), "another-run", wait=0):  # another run is writing
        result = maintenance(db=str(db))
    assert result["skipped"] is True and result["flow"] == "maintenance"
    assert "writer slot" in result["reason"] and "another-run" in result["reason"]
    assert not db.exists(), "a skipped run must not touch the warehouse"
    assert maintenance(db=str(db))["raw_pages_pruned"] == 0  # the slot is free again


def test_runs_on_a_lake_or_another_file_do_not_wait_for_the_writer_slot(prefect_harness, tmp_path, monkeypatch):
    from prefect import flow

    from flows.run.writer_slot import writer_slot

    @flow(name="lake-writer-probe")
    @writer.sole_writer
    def lake_writer(db: str | None = None) -> dict:
        return {"wrote": db}

    monkeypatch.setattr(writer, "WRITER_WAIT_SECONDS", 1.0)
    lake = "ducklake:postgres:dbname=shards_unused"
    busy, other = str(tmp_path / "elsewhere.duckdb"), str(tmp_path / "other.duckdb")
    with writer_slot(busy, "another-run", wait=0):  # a DuckDB-file run is writing
        assert lake_writer(db=lake) == {"wrote": lake}  # several processes may write a lake
        assert lake_writer(db=other) == {"wrote": other}  # the slot is the file's, not the machine's
        assert lake_writer(db=busy)["skipped"] is True


@pytest.mark.skipif(not hasattr(Warehouse, "rebuild_search"), reason="Warehouse.rebuild_search not written yet")
def test_rebuild_search_records_its_run(prefect_harness, tmp_path):
    from flows.search import rebuild_search

    db = tmp_path / "s.duckdb"
    summary = rebuild_search(db=str(db))
    assert summary["seconds"] >= 0
    assert _count(db, "SELECT count(*) FROM runs WHERE flow = 'rebuild-search' AND status = 'completed'") == 1

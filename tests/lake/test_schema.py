"""The lake's schema comes from the same migrations as the DuckDB file's, without the keys."""

from __future__ import annotations

import threading

import duckdb
import pytest

from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse
from warehouse.db.lake import is_conflict, lake_ddl, open_lake, retry_conflicts
from warehouse.db.migrate import SchemaTooNew, apply_migrations, latest_version

COLUMNS = (
    "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
    "WHERE database_name = current_database() AND NOT internal AND table_name <> 'lake_claims'"
)


def test_lake_ddl_drops_column_keys_and_refuses_table_keys():
    sql = (
        "-- keys stay unique\nCREATE TABLE t (\n    a VARCHAR PRIMARY KEY,\n    b INTEGER UNIQUE NOT NULL,\n"
        "    c INTEGER PRIMARY KEY NOT NULL\n);"
    )
    assert lake_ddl(sql) == (
        "-- keys stay unique\nCREATE TABLE t (\n    a VARCHAR NOT NULL,\n    b INTEGER NOT NULL,\n"
        "    c INTEGER NOT NULL\n);"
    )
    with pytest.raises(ValueError, match="table-level"):
        lake_ddl("CREATE TABLE t (a INTEGER, b INTEGER, PRIMARY KEY (a, b));")


def test_conflicts_are_retried_a_bounded_number_of_times():
    calls = []

    def conflicting():
        calls.append(1)
        raise duckdb.TransactionException("Failed to commit DuckLake transaction. Transaction conflict - x")

    with pytest.raises(duckdb.TransactionException) as raised:
        retry_conflicts(conflicting, "test", attempts=3)
    assert is_conflict(raised.value) and len(calls) == 3

    def broken():
        calls.append(1)
        raise duckdb.CatalogException("no such table")

    calls.clear()
    with pytest.raises(duckdb.CatalogException):
        retry_conflicts(broken, "test", attempts=3)
    assert len(calls) == 1  # only conflicts are worth another run


def test_lake_schema_is_the_file_schema_without_keys(lake_db, tmp_path):
    file_wh = Warehouse(tmp_path / "w.duckdb")
    file_wh.migrate()
    lake = Warehouse(lake_db)
    with open_lake(lake_db, read_only=False) as con:  # an old lake: versions 1-2 only
        con.begin()
        apply_migrations(con, target=2)
        con.commit()
    assert lake.schema_version() == 2
    assert lake.migrate() == latest_version() == lake.migrate()
    with file_wh.read() as con:
        file_columns = set(con.execute(COLUMNS).fetchall())
    with lake.read() as con:
        assert set(con.execute(COLUMNS).fetchall()) == file_columns
        assert con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
        ).fetchone()[0] == 0
        assert con.execute("SELECT list(version ORDER BY version) FROM schema_version").fetchone()[0] == list(
            range(1, latest_version() + 1)
        )
    with open_lake(lake_db, read_only=False) as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    with pytest.raises(SchemaTooNew):
        Warehouse(lake_db).migrate()


def test_concurrent_loads_of_the_same_articles_store_each_once(lake_db):
    """Without keys, two writers that both find a URL absent would both insert it: the claim
    on `articles` makes the later commit conflict, and its second run finds the row."""
    Warehouse(lake_db).migrate()
    start = threading.Barrier(2)
    errors = []

    def writer(minutes: int) -> None:
        wh = Warehouse(lake_db)
        try:
            start.wait()
            for i in range(3):
                pages = [page(f"https://e.com/{i}/{n}", f"Story {i} {n}.", at=later(minutes)) for n in range(4)]
                wh.load_batch(batch(*pages))
        except Exception as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(m,)) for m in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Warehouse(lake_db).read() as con:
        urls, distinct = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    assert urls == distinct == 12


def test_concurrent_alert_claims_take_each_mention_once(lake_db):
    """Two runs claiming the pending mentions at once (shards of one ingest): the claim on
    `alerted` makes the later commit conflict, and its second run finds them taken."""
    from parsers.sources import Watch

    wh = Warehouse(lake_db)
    wh.set_watches([Watch("mek", "MEK")])
    wh.load_batch(batch(*[page(f"https://e.com/{n}", f"The MEK, story {n}.") for n in range(6)]))
    start = threading.Barrier(2)
    claimed, errors = [], []

    def run(run_id: str) -> None:
        try:
            start.wait()
            pending = Warehouse(lake_db).claim_alerts({"event": ["mek"]}, run_id)
            claimed.extend(m.url for m in pending["event"].get("mek", []))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f"run-{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(claimed) == sorted(f"https://e.com/{n}" for n in range(6))

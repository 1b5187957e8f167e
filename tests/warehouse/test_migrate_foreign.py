"""A DuckDB file holding other tables is only turned into a warehouse when asked to."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import NotAWarehouse, Warehouse


def test_foreign_file_refused_unless_init(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE invoices AS SELECT 1 AS n")
    con.close()
    with pytest.raises(NotAWarehouse, match="not a mediamon warehouse"):
        Warehouse(db).migrate()
    with pytest.raises(NotAWarehouse):
        Warehouse(db).watch_queries()  # reads migrate lazily: refused the same way
    assert Warehouse(db).migrate(init=True) >= 1
    assert Warehouse(db).watch_queries() == {}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT n FROM invoices").fetchall() == [(1,)]
    con.close()


def test_empty_and_new_files_are_created_without_init(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert Warehouse(empty).migrate() >= 1
    assert Warehouse(tmp_path / "new.duckdb").migrate() >= 1

"""Analyst SQL on a lake: the lake's own data files are readable, nothing else is."""

from __future__ import annotations

import duckdb
import pytest

from flows.cli import main


def test_sandboxed_lake_reads_its_data_files_only(capsys, wh, tmp_path):
    wh.migrate()
    with wh.write() as con:  # more rows than DuckLake inlines: they go to a Parquet data file
        con.execute("INSERT INTO watches SELECT i::VARCHAR, 'q', now() FROM range(500) r(i)")
    with wh.read(sandboxed=True) as con:
        assert con.execute("SELECT count(*), max(query) FROM watches").fetchone() == (500, "q")
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM read_text('/etc/passwd')")
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"COPY (SELECT 1) TO '{tmp_path}/out.csv'")
    assert main(["sql", "SELECT sum(length(name)) AS n FROM watches", "--db", wh.path, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1390"]

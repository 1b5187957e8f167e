"""`mediamon sql` is read-only in every sense: no file system, network or settings access."""

from __future__ import annotations

import duckdb
import pytest

from flows.cli import main


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS n")
    con.close()
    return path


def test_copy_over_the_warehouse_is_refused_and_the_file_survives(capsys, db):
    size = db.stat().st_size
    assert main(["sql", f"COPY (SELECT 'x') TO '{db}'", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "disabled" in err
    assert db.stat().st_size == size
    assert main(["sql", "SELECT n FROM t", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "COPY t TO '{tmp}/out.csv'",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "INSTALL httpfs",
    ],
)
def test_file_network_and_settings_are_out_of_reach(capsys, db, tmp_path, query):
    assert main(["sql", query.format(tmp=tmp_path), "--db", str(db)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "other.duckdb").exists() and not (tmp_path / "out.csv").exists()


def test_allow_files_opts_in_to_exports(capsys, db, tmp_path):
    out = tmp_path / "out.csv"
    assert main(["sql", f"COPY t TO '{out}'", "--db", str(db), "--allow-files"]) == 0
    assert out.read_text().splitlines() == ["n", "1"]
    assert main(["sql", "DELETE FROM t", "--db", str(db), "--allow-files"]) == 2  # still read-only


@pytest.mark.parametrize("query", ["", ";", "   ", "-- nothing"])
def test_empty_statement_is_one_line(capsys, db, query):
    assert main(["sql", query, "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("mediamon") and len(err.splitlines()) == 1

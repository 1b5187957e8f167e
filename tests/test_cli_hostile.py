"""Odd input to the CLI: one line of error and exit status 2, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]


def _one_line(capsys, argv: list[str], *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("mediamon") and len(err.splitlines()) == 1, err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize(
    "text, field",
    [
        ("[[source]]\nname = 'a'\nhomepage = 'http://[::1/'\n", "source[0].homepage"),
        ("[[source]]\nname = 'a'\nhomepage = 'http://a.example/'\n[[watch]]\nname = 'w'\nquery = '(MEK'\n", "watch[0].query"),
        ("[[source]]\nname = 'a'\nhomepage = 'http://a.example/'\nschedule = 'every 0m'\n", "source[0].schedule"),
    ],
)
def test_sources_check_names_the_bad_field(capsys, tmp_path, text, field):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    _one_line(capsys, ["sources", "check", "--sources", str(path)], field)


@pytest.fixture
def warehouse_file(tmp_path) -> Path:
    db = tmp_path / "wh.duckdb"
    Warehouse(db).migrate()
    return db


def test_export_to_an_existing_file_or_unwritable_path(capsys, tmp_path, warehouse_file):
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me")
    _one_line(capsys, ["export", "--db", str(warehouse_file), "--out", str(taken)], str(taken))
    assert taken.read_text() == "keep me"
    _one_line(capsys, ["export", "--db", str(warehouse_file), "--out", str(taken / "sub")], "cannot export")


@pytest.mark.parametrize("command", [["sql", "SELECT 1"], ["status"], ["export"], ["search", "x"], ["run"]])
def test_fifo_as_db_is_refused_without_hanging(tmp_path, command):
    fifo = tmp_path / "wh.fifo"
    os.mkfifo(fifo)
    sources = tmp_path / "sources.toml"
    sources.write_text("[[source]]\nname = 'a'\nhomepage = 'http://a.example/'\n", encoding="utf-8")
    argv = [*command, "--db", str(fifo)] + (["--sources", str(sources)] if command == ["run"] else [])
    out = subprocess.run(
        [sys.executable, "-m", "flows.cli", *argv], capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_HOME": str(tmp_path / "prefect")},
    )
    assert out.returncode == 2 and "not a regular file" in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


@pytest.fixture
def foreign(tmp_path) -> Path:
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE invoices AS SELECT 1 AS n")
    con.close()
    return db


def _tables(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    finally:
        con.close()


@pytest.mark.parametrize("command", [["export", "--out", "x"], ["search", "x"], ["mentions"]])
def test_foreign_duckdb_file_is_not_migrated(capsys, foreign, command):
    _one_line(capsys, [*command, "--db", str(foreign)], "not a mediamon warehouse", "--init")
    assert _tables(foreign) == ["invoices"]


def test_foreign_duckdb_file_refused_by_run_before_prefect(foreign, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text("[[source]]\nname = 'a'\nhomepage = 'http://a.example/'\n", encoding="utf-8")
    code = (
        "import sys; from flows.cli import main; rc = main(sys.argv[1:]);"
        "assert 'prefect' not in sys.modules; sys.exit(rc)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "run", "--db", str(foreign), "--sources", str(sources)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert out.returncode == 2 and "not a mediamon warehouse" in out.stderr and "--init" in out.stderr, out.stderr
    assert _tables(foreign) == ["invoices"]


def test_sql_still_reads_a_foreign_file(capsys, foreign):
    assert main(["sql", "SELECT n FROM invoices", "--db", str(foreign), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1"]

"""CLI commands that need neither Prefect nor a network: extract, sql, argument errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], ["sql"], ["extract"], ["sql", "select 1", "--format", "xml"], ["run", "--nope"]],
)
def test_bad_arguments_give_one_line_and_nonzero(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("mediamon") and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["demo", "run", "extract", "sql"])
def test_help_for_each_command(command):
    out = subprocess.run(
        [sys.executable, "-m", "flows.cli", command, "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0
    assert f"usage: mediamon {command}" in out.stdout


def test_extract_json_from_stdin_without_prefect():
    html = (
        "<html lang='en'><head><title>Harbour reopens | Example Times</title>"
        "<link rel='canonical' href='https://times.example/harbour'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Harbour reopens</h1>"
        + "".join(f"<p>Paragraph {i} about the harbour reopening after the long winter repairs.</p>" for i in range(6))
        + "</article><footer>Copyright © 2026 All Rights Reserved | XML Sitemap</footer></body></html>"
    )
    # A fresh interpreter shows that extract imports neither Prefect nor DuckDB.
    code = (
        "import sys, runpy; sys.argv=['mediamon','extract','-','--format','json'];"
        "from flows.cli import main; rc = main(sys.argv[1:]);"
        "assert 'prefect' not in sys.modules, 'prefect imported';"
        "assert 'duckdb' not in sys.modules, 'duckdb imported'; sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], input=html, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    article = json.loads(out.stdout)
    for key in ("url", "canonical_url", "title", "text", "authors", "published", "language"):
        assert key in article
    assert article["title"] == "Harbour reopens"
    assert article["canonical_url"] == "https://times.example/harbour"
    assert "Paragraph 3 about the harbour" in article["text"]
    assert "XML Sitemap" not in article["text"] and "News" not in article["text"].split("\n")


def test_extract_missing_file(capsys, tmp_path):
    assert main(["extract", str(tmp_path / "nope.html")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_sql_without_warehouse(capsys, tmp_path):
    assert main(["sql", "select 1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_sql_formats_and_errors(capsys, tmp_path):
    import duckdb

    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a\nb'), (2, NULL)) v(n, s)")
    con.close()
    assert main(["sql", "SELECT * FROM t ORDER BY n", "--db", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1, "s": "a\nb"}, {"n": 2, "s": None}]
    assert main(["sql", "SELECT * FROM t ORDER BY n", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "n,s"
    assert main(["sql", "SELECT * FROM t ORDER BY n", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "a b" in table and "NULL" in table and "(2 rows)" in table
    assert main(["sql", "SELECT * FROM missing_table", "--db", str(db)]) == 2
    assert "missing_table" in capsys.readouterr().err
    assert main(["sql", "DELETE FROM t", "--db", str(db)]) == 2  # read-only
    capsys.readouterr()

import duckdb
import pytest

from tests.warehouse.conftest import batch, later, page


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_snapshot(wh, tmp_path, fmt):
    wh.load_batch(batch(page("https://e.com/1"), page("https://e.com/2", at=later(60))))
    files = wh.export(tmp_path / "snap", format=fmt)
    assert files["articles"].exists() and files["pages"].exists()
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM {reader}('{files['articles']}')").fetchone()[0] == 2
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}('{files['pages']}')").fetchall()]
        assert "body" not in columns and "body_sha256" in columns
        articles = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}('{files['articles']}')").fetchall()]
        assert "sketch" not in articles and "cluster_id" in articles
    files = wh.export(tmp_path / "recent", format=fmt, since=later(30))
    with duckdb.connect() as con:
        assert con.execute(f"SELECT url FROM {reader}('{files['articles']}')").fetchall() == [("https://e.com/2",)]


def test_unknown_format(wh, tmp_path):
    with pytest.raises(ValueError):
        wh.export(tmp_path / "x", format="xlsx")

"""Small loads stay in the lake's catalog until the maintenance CHECKPOINT writes them out."""

from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse
from warehouse.db.lake import ALIAS
from warehouse.retention import LAKE_SNAPSHOT_RETENTION


def data_files(wh: Warehouse, table: str) -> int:
    with wh.read() as con:
        return con.execute(f"SELECT count(*) FROM ducklake_list_files('{ALIAS}', '{table}')").fetchone()[0]


def test_small_loads_are_inlined_until_checkpoint(lake_db):
    wh = Warehouse(lake_db)
    for i in range(3):
        wh.load_batch(batch(page(f"https://e.com/{i}", f"Story number {i} is told here.", at=later(i))))
    assert data_files(wh, "articles") == 0 and data_files(wh, "article_sketch") == 0
    assert wh.prune_raw_pages(later(1)) == 1
    wh.compact()
    assert data_files(wh, "articles") >= 1
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 2
        expiry = con.execute(
            f"SELECT value FROM ducklake_options('{ALIAS}') WHERE option_name = 'expire_older_than'"
        ).fetchone()
    assert expiry == (LAKE_SNAPSHOT_RETENTION,)

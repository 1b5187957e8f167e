from tests.warehouse.conftest import batch, later, page
from warehouse.retention import checkpoint, prune_raw_pages


def test_prune_drops_old_raw_pages_and_keeps_articles(wh):
    wh.load_batch(batch(page("https://e.com/old", raw=b"<p>old</p>")))
    wh.load_batch(batch(page("https://e.com/new", raw=b"<p>new</p>", at=later(60))))
    with wh.write() as con:
        assert prune_raw_pages(con, later(30)) == 1
        assert prune_raw_pages(con, later(30)) == 0
    with wh.write() as con:
        checkpoint(con)
    assert [p.url for b in wh.iter_raw_pages() for p in b] == ["https://e.com/new"]
    assert wh.raw_pages("e.com", 10) == [b"<p>new</p>"]
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2

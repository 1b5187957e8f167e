from tests.warehouse.conftest import batch, later, page
from warehouse.retention import prune_raw_pages


def _row_groups(wh, table: str) -> int:
    with wh.read() as con:
        return con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')").fetchone()[0]


def test_prune_drops_old_raw_pages_and_keeps_articles(wh):
    wh.load_batch(batch(page("https://e.com/old", raw=b"<p>old</p>")))
    wh.load_batch(batch(page("https://e.com/new", raw=b"<p>new</p>", at=later(60))))
    with wh.write() as con:
        assert prune_raw_pages(con, later(30)) == 1
        assert prune_raw_pages(con, later(30)) == 0
    wh.compact()
    assert [p.url for b in wh.iter_raw_pages() for p in b] == ["https://e.com/new"]
    assert wh.raw_pages("e.com", 10) == [b"<p>new</p>"]
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_loads_leave_their_own_row_groups_and_compact_merges_them(wh):
    """Commit-time checkpoints merge nothing (flat memory in the ingest); maintenance does."""
    for i in range(4):
        wh.load_batch(batch(page(f"https://e.com/{i}", text=f"Story number {i}.", at=later(i))))
    assert _row_groups(wh, "articles") == 4
    assert _row_groups(wh, "pages") == 4
    wh.compact()
    assert _row_groups(wh, "articles") == 1
    assert _row_groups(wh, "pages") == 1
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'compact_marker'").fetchone()[0] == 0
    wh.load_batch(batch(page("https://e.com/4", text="Story number 4.", at=later(9))))
    assert _row_groups(wh, "articles") == 2, "merging is off again after compact"


def _compressions(wh, table):
    with wh.read() as con:
        return {c for (c,) in con.execute(f"SELECT DISTINCT compression FROM pragma_storage_info('{table}')").fetchall()}


def test_loads_skip_fsst_and_compact_uses_it(wh):
    """FSST is the costliest compression to try at commit: loads leave it out, compact applies it
    to the row groups it merges."""
    pages = [page(f"https://example-outlet.com/world/2026/03/story-about-topic-number-{i}",
                  text=f"Story number {i}.", title=f"Headline of story {i} about world affairs", at=later(i))
             for i in range(2000)]
    for start in range(0, len(pages), 500):
        wh.load_batch(batch(*pages[start : start + 500]))
    assert "FSST" not in _compressions(wh, "articles") | _compressions(wh, "pages")
    wh.compact()
    assert "FSST" in _compressions(wh, "articles") | _compressions(wh, "pages")


from parsers.records import Article, PageRecord
from tests.warehouse.conftest import batch, later, page


def reextracted(raw, text, version="test-2"):
    article = Article(url=raw.requested_url, title="A title", text=text, extractor_version=version)
    return PageRecord(raw.source, raw.requested_url, raw.fetched_at, raw.body, article,
                      final_url=raw.final_url, content_type=raw.content_type,
                      http_status=raw.http_status, feed_url=raw.feed_url)


def test_iter_raw_pages_yields_latest_bodies_in_batches(wh):
    wh.load_batch(batch(*[page(f"https://e.com/{i}", raw=f"<p>{i}</p>".encode(), at=later(i)) for i in range(5)]))
    wh.load_batch(batch(page("https://e.com/0", "new", raw=b"<p>0 new</p>", at=later(10))))
    wh.load_batch(batch(page("https://o.com/x", source="other", raw=b"<p>o</p>", at=later(11)), source="other"))
    batches = list(wh.iter_raw_pages(batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 2]
    bodies = [p.body for b in batches for p in b]
    assert bodies == [b"<p>1</p>", b"<p>2</p>", b"<p>3</p>", b"<p>4</p>", b"<p>0 new</p>", b"<p>o</p>"]
    assert [p.url for b in wh.iter_raw_pages(since=later(4), source="courier") for p in b] == [
        "https://e.com/4", "https://e.com/0"]


def test_reextracted_text_becomes_a_version_with_its_extractor(wh):
    wh.load_batch(batch(page("https://e.com/1", "Old text with menu junk.")))
    raws = [p for b in wh.iter_raw_pages() for p in b]
    counts = wh.load_reextracted([reextracted(raws[0], "Old text.")], run_id="re-1")
    assert (counts.new, counts.updated, counts.unchanged) == (0, 1, 0)
    with wh.read() as con:
        assert con.execute("SELECT text, version, extractor_version FROM articles").fetchall() == [
            ("Old text.", 2, "test-2")]
        assert con.execute("SELECT extractor_version FROM pages").fetchall() == [("test-2",)]
        assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 1
    again = wh.load_reextracted([reextracted(raws[0], "Old text.")])
    assert again.unchanged == 1

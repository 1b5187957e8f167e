from parsers.records import FeedState, SourceBatch
from tests.warehouse.conftest import T0, batch, fetch, later, page
from warehouse import Warehouse


def articles(wh, columns="url, version, text, first_seen_at, last_seen_at, gone_at"):
    with wh.read() as con:
        return con.execute(f"SELECT {columns} FROM articles ORDER BY url").fetchall()


def table_counts(wh):
    names = ["pages", "fetches", "articles", "article_versions", "feed_entries", "feeds"]
    with wh.read() as con:
        return {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}


def test_new_article_is_stored_with_its_fields(wh):
    p = page("https://e.com/a", "One.\n\nTwo.", authors=["Ann"], tags=["x"], language="en")
    counts = wh.load_batch(batch(p))
    assert (counts.new, counts.updated, counts.unchanged, counts.non_articles) == (1, 0, 0, 0)
    row = articles(wh, "url, text, authors, tags, language, version, first_seen_at, extractor_version")
    assert row == [("https://e.com/a", "One.\n\nTwo.", ["Ann"], ["x"], "en", 1, T0, "test-1")]


def test_same_batch_twice_changes_nothing(wh):
    b = batch(page("https://e.com/a"), page("https://e.com/i", page_type="index"))
    wh.load_batch(b)
    before = table_counts(wh), articles(wh)
    counts = wh.load_batch(b)
    assert (counts.new, counts.updated, counts.unchanged, counts.non_articles) == (0, 0, 1, 1)
    assert (table_counts(wh), articles(wh)) == before


def test_changed_text_adds_a_version_and_updates_the_row(wh):
    wh.load_batch(batch(page("https://e.com/a", "old")))
    counts = wh.load_batch(batch(page("https://e.com/a", "new", at=later(10))))
    assert counts.updated == 1
    assert articles(wh) == [("https://e.com/a", 2, "new", T0, later(10), None)]
    with wh.read() as con:
        versions = con.execute("SELECT version, text FROM article_versions ORDER BY version").fetchall()
    assert versions == [(1, "old"), (2, "new")]


def test_unchanged_only_moves_last_seen(wh):
    wh.load_batch(batch(page("https://e.com/a")))
    counts = wh.load_batch(batch(page("https://e.com/a", at=later(30))))
    assert counts.unchanged == 1
    assert articles(wh)[0][1:] == (1, "First paragraph.\n\nSecond paragraph.", T0, later(30), None)


def test_paywalled_teaser_is_stored_flagged_and_a_later_full_text_replaces_it(wh):
    wh.load_batch(batch(page("https://e.com/a", "The teaser.", paywalled=True)))
    assert articles(wh, "text, paywalled") == [("The teaser.", True)]
    counts = wh.load_batch(batch(page("https://e.com/a", "The teaser.\n\nThe whole story.", at=later(10))))
    assert counts.updated == 1
    assert articles(wh, "version, text, paywalled") == [(2, "The teaser.\n\nThe whole story.", False)]


def test_a_teaser_does_not_replace_a_text_stored_whole(wh):
    whole = "The teaser.\n\nThe whole story."
    wh.load_batch(batch(page("https://e.com/a", whole)))
    counts = wh.load_batch(batch(page("https://e.com/a", "The teaser.", paywalled=True, at=later(10))))
    assert (counts.updated, counts.unchanged) == (0, 1)
    assert articles(wh, "version, text, paywalled, last_seen_at") == [(1, whole, False, later(10))]
    with wh.read() as con:
        assert con.execute("SELECT share_paywalled FROM extraction_health").fetchall() == [(0.0,)]


def test_non_articles_are_pages_not_articles(wh):
    pages = [page("https://e.com/s", page_type="index"), page("https://e.com/e", text="  ")]
    counts = wh.load_batch(batch(*pages))
    assert counts.non_articles == 2 and articles(wh) == []
    with wh.read() as con:
        assert con.execute("SELECT page_type FROM pages ORDER BY url").fetchall() == [("article",), ("index",)]


def test_article_is_keyed_by_normalised_canonical_url(wh):
    amp = page("https://e.com/a/amp?utm_source=x", canonical="https://E.com/a/")
    wh.load_batch(batch(amp))
    counts = wh.load_batch(batch(page("https://e.com/a", at=later(1))))
    assert counts.unchanged == 1
    assert [r[0] for r in articles(wh)] == ["https://e.com/a"]


def test_404_on_recheck_marks_gone_and_a_later_fetch_revives(wh):
    wh.load_batch(batch(page("https://e.com/a")))
    wh.load_batch(SourceBatch("courier", "r2", fetches=[fetch("https://e.com/a", 404, at=later(60))]))
    assert articles(wh)[0][5] == later(60)
    wh.load_batch(batch(page("https://e.com/a", at=later(120))))
    assert articles(wh)[0][5] is None


def test_page_states_and_raw_pages(wh):
    wh.load_batch(batch(page("https://e.com/a", raw=b"<html>a</html>")))
    states = wh.page_states(["https://e.com/a/?utm_source=x", "https://e.com/unknown"])
    assert list(states) == ["https://e.com/a/?utm_source=x"]
    assert states["https://e.com/a/?utm_source=x"].article_url == "https://e.com/a"
    assert states["https://e.com/a/?utm_source=x"].fetched_at == T0
    assert wh.raw_pages("e.com", 5) == [b"<html>a</html>"]


def test_not_modified_recheck_moves_page_fetched_at(wh):
    wh.load_batch(batch(page("https://e.com/a")))
    f = fetch("https://e.com/a", 304, at=later(5), outcome="not_modified")
    wh.load_batch(SourceBatch("courier", "r2", fetches=[f]))
    assert wh.page_states(["https://e.com/a"])["https://e.com/a"].fetched_at == later(5)


def test_fresh_file_answers_empty_state(wh):
    assert wh.feed_states("courier") == {}
    assert wh.page_states(["https://e.com/a"]) == {}
    assert wh.site_chrome("e.com") == frozenset()


def snapshot(wh):
    with wh.read() as con:
        return {
            "articles": con.execute(
                "SELECT url, version, text, first_seen_at, last_seen_at, gone_at, cluster_id "
                "FROM articles ORDER BY url").fetchall(),
            "versions": con.execute("SELECT url, version, text FROM article_versions ORDER BY ALL").fetchall(),
            "pages": con.execute("SELECT url, body_sha256, last_fetched_at FROM pages ORDER BY ALL").fetchall(),
            "fetches": con.execute("SELECT url, status, fetched_at FROM fetches ORDER BY ALL").fetchall(),
            "sketch": con.execute("SELECT count(*) FROM article_sketch").fetchone()[0],
        }


def test_batches_loaded_together_end_as_if_loaded_in_turn(tmp_path):
    copy = "The same wire story about the harbour strike ran in both papers this morning. " * 3
    batches = [
        batch(page("https://e.com/a", "old text of a"), page("https://e.com/b", copy), source="one"),
        batch(page("https://f.com/c", copy, at=later(1)), source="two"),
        # shares a URL with the first batch: a later load of the same run
        batch(page("https://e.com/a", "new text of a", at=later(2)), page("https://f.com/d", at=later(2)),
              source="one"),
        batch(fetches=[fetch("https://f.com/c", 404, at=later(3))], source="two"),
    ]
    one_by_one, together = Warehouse(tmp_path / "a.duckdb"), Warehouse(tmp_path / "b.duckdb")
    counts = [one_by_one.load_batch(b) for b in batches]
    assert together.load_batches(batches) == counts
    assert [(c.new, c.updated, c.unchanged) for c in counts] == [(2, 0, 0), (1, 0, 0), (1, 1, 0), (0, 0, 0)]
    assert snapshot(together) == snapshot(one_by_one)
    assert together.load_batches(batches) == [one_by_one.load_batch(b) for b in batches]  # idempotent
    assert snapshot(together) == snapshot(one_by_one)


def test_polls_of_several_sources_load_together_and_keep_their_sources(wh):
    wh.load_batch(batch(page("https://e.com/a")))
    polls = [
        SourceBatch(name, "r2", fetches=[fetch(f"https://{name}.com/feed", 304, at=later(5), outcome="not_modified")],
                    feed_states=[FeedState(url=f"https://{name}.com/feed", source=name, etag=f'"{name}"')])
        for name in ("courier", "herald")
    ]
    recheck = SourceBatch("courier", "r2", fetches=[fetch("https://e.com/a", 304, at=later(6), outcome="not_modified")])
    counts = wh.load_batches([polls[0], batch(page("https://e.com/b", at=later(7))), polls[1], recheck])
    assert [c.new for c in counts] == [0, 1, 0, 0]
    with wh.read() as con:
        logged = con.execute("SELECT url, source FROM fetches WHERE run_id = 'r2' ORDER BY url").fetchall()
    assert logged == [("https://courier.com/feed", "courier"), ("https://e.com/a", "courier"),
                      ("https://herald.com/feed", "herald")]
    assert wh.feed_states("herald")["https://herald.com/feed"].etag == '"herald"'
    assert wh.feed_states("courier")["https://courier.com/feed"].etag == '"courier"'
    assert wh.page_states(["https://e.com/a"])["https://e.com/a"].fetched_at == later(6)


def test_not_modified_recheck_counts_as_seeing_the_article(wh):
    wh.load_batch(batch(page("https://e.com/a", "The story as first published.")))
    wh.load_batch(batch(page("https://e.com/other", "Another story of the day.")))
    # Gone on one re-check, then a 304 on the next: the stored text is there again.
    wh.load_batch(SourceBatch("courier", "r2", fetches=[fetch("https://e.com/a", 404, at=later(3), outcome="failed")]))
    wh.load_batch(
        SourceBatch("courier", "r3", fetches=[fetch("https://e.com/a/?utm_source=x", 304, at=later(5), outcome="not_modified")])
    )
    with wh.read() as con:
        rows = con.execute("SELECT url, last_seen_at, gone_at, version FROM articles ORDER BY url").fetchall()
    assert rows == [("https://e.com/a", later(5), None, 1), ("https://e.com/other", T0, None, 1)]
    # An older 304 (a late retry) moves nothing back.
    wh.load_batch(SourceBatch("courier", "r4", fetches=[fetch("https://e.com/a", 304, at=later(4), outcome="not_modified")]))
    with wh.read() as con:
        assert con.execute("SELECT last_seen_at FROM articles WHERE url = 'https://e.com/a'").fetchone() == (later(5),)

from datetime import date

from tests.warehouse.conftest import T0, batch, later, page
from tests.warehouse.loading.test_dedup import WIRE, lightly_edited, text


def rows(wh, sql):
    with wh.read() as con:
        return con.execute(sql).fetchall()


def test_views(wh):
    wh.load_batch(batch(
        page("https://a.com/1", text(WIRE), published=T0, authors=["Ann"]),
        page("https://a.com/2", "Short.", at=later(1)),
        page("https://a.com/3", "", at=later(2)),  # extractor found no text
        page("https://a.com/s", page_type="index", at=later(3)),
    ))
    wh.load_batch(batch(page("https://b.com/1", lightly_edited(), source="b", at=later(10)), source="b"))

    assert rows(wh, "SELECT source, day, articles FROM daily_volume ORDER BY source") == [
        ("b", date(2026, 3, 1), 1), ("courier", date(2026, 3, 1), 2)]
    latest = rows(wh, "SELECT url, date_missing FROM latest_articles")
    assert latest[0] == ("https://b.com/1", True)
    health = dict((r[0], r[1:]) for r in rows(
        wh, "SELECT source, pages, non_article_pages, empty_texts, share_empty_texts, articles, "
            "share_missing_published FROM extraction_health"))
    assert health["courier"] == (4, 1, 1, 1 / 3, 2, 0.5)
    assert rows(wh, "SELECT cluster_id, members, urls FROM clusters") == [
        ("https://a.com/1", 2, ["https://a.com/1", "https://b.com/1"])]

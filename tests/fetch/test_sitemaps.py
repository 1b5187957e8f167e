"""parse_sitemap and parse_robots: formats, caps and hostile XML."""

import gzip
from datetime import UTC, datetime

from parsers.listings.robots import RobotsRules, parse_robots
from parsers.listings.sitemaps import parse_sitemap, parse_w3c_datetime

URL = "https://news.example/sitemap.xml"

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/a</loc><lastmod>2026-11-20</lastmod></url>
<url><loc> https://news.example/b </loc><lastmod>2026-11-20T10:00:00+02:00</lastmod></url>
<url><loc>https://news.example/c</loc></url>
<url><lastmod>2026-11-20</lastmod></url>
</urlset>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/n1</loc>
<news:news><news:publication><news:name>Ex</news:name><news:language>de</news:language>
</news:publication><news:publication_date>2026-11-21T06:00:00Z</news:publication_date>
<news:title>Breaking</news:title></news:news></url></urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s1.xml</loc><lastmod>2026-11-21</lastmod></sitemap>
<sitemap><loc>https://news.example/s2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_urlset_dates_and_missing_loc():
    sm = parse_sitemap(URLSET, URL)
    assert sm.error is None and sm.sitemaps == []
    assert [u.loc for u in sm.urls] == [
        "https://news.example/a",
        "https://news.example/b",
        "https://news.example/c",
    ]
    assert sm.urls[0].lastmod == datetime(2026, 11, 20, tzinfo=UTC)
    assert sm.urls[1].lastmod == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert sm.urls[2].lastmod is None


def test_news_sitemap():
    (url,) = parse_sitemap(NEWS, URL).urls
    assert url.news_title == "Breaking"
    assert url.news_language == "de"
    assert url.news_published == datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def test_index():
    sm = parse_sitemap(INDEX, URL)
    assert sm.sitemaps == ["https://news.example/s1.xml", "https://news.example/s2.xml.gz"]
    assert sm.children[0].lastmod == datetime(2026, 11, 21, tzinfo=UTC)
    assert sm.urls == []


def test_gzip_detected_by_magic():
    sm = parse_sitemap(gzip.compress(NEWS), "https://news.example/whatever")
    assert [u.loc for u in sm.urls] == ["https://news.example/n1"]


def test_gzip_bomb_is_capped():
    bomb = gzip.compress(b" " * (20 * 1024 * 1024), 9)
    assert len(bomb) < 100_000
    sm = parse_sitemap(bomb, URL, max_size=1024 * 1024)
    assert sm.urls == [] and "exceeds" in sm.error


def test_truncated_gzip():
    assert "gzip" in parse_sitemap(gzip.compress(NEWS)[:-20], URL).error


def test_billion_laughs_not_expanded():
    lol = b"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/&f;</loc></url><url><loc>https://news.example/ok</loc></url>
</urlset>"""
    sm = parse_sitemap(lol, URL)  # returns at once, whatever libxml2 chooses to recover
    assert sm.urls or sm.error
    assert all("aaaa" not in u.loc for u in sm.urls)


def test_external_entity_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/&x;</loc></url></urlset>""".encode()
    sm = parse_sitemap(xxe, URL)
    assert all("TOPSECRET" not in u.loc for u in sm.urls)


def test_truncated_xml_keeps_what_it_can():
    sm = parse_sitemap(URLSET[:200], URL)
    assert sm.error and "malformed" in sm.error
    assert sm.urls and sm.urls[0].loc == "https://news.example/a"


def test_not_a_sitemap_and_text_sitemap():
    assert "not a sitemap" in parse_sitemap(b"<html><body>hi</body></html>", URL).error
    text = parse_sitemap(b"https://news.example/t1\n\nnot a url\nhttps://news.example/t2\n", URL)
    assert [u.loc for u in text.urls] == ["https://news.example/t1", "https://news.example/t2"]
    assert parse_sitemap(b"", URL).error == "empty body"


def test_w3c_datetime():
    assert parse_w3c_datetime("2026-11-20T10:00Z") == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert parse_w3c_datetime("yesterday") is None
    assert parse_w3c_datetime(None) is None


ROBOTS = b"""# comment
User-agent: *
Disallow: /private/
Allow: /private/open$
Crawl-delay: 2

User-agent: mediamon
User-agent: otherbot
Disallow: /no-mediamon
Disallow: /*.pdf$
Allow: /no-mediamon/but-this
Crawl-delay: 0.5

Sitemap: https://news.example/sitemap-index.xml
"""


def test_robots_specific_group_wins_and_longest_match():
    rules = parse_robots(ROBOTS)
    assert rules.sitemaps == ["https://news.example/sitemap-index.xml"]
    # mediamon has its own group, so the * group does not apply to it
    assert rules.allowed("https://news.example/private/x", "mediamon")
    assert not rules.allowed("https://news.example/no-mediamon/x", "mediamon")
    assert rules.allowed("https://news.example/no-mediamon/but-this/y", "mediamon")
    assert not rules.allowed("https://news.example/doc.pdf", "mediamon")
    assert rules.allowed("https://news.example/doc.pdf?x=1", "mediamon")
    assert rules.crawl_delay("mediamon") == 0.5
    # someone else gets the * group
    assert not rules.allowed("https://news.example/private/x", "somebot")
    assert rules.allowed("https://news.example/private/open", "somebot")
    assert not rules.allowed("https://news.example/private/open/more", "somebot")
    assert rules.crawl_delay("somebot") == 2
    assert rules.allowed("https://news.example/robots.txt", "somebot")


def test_robots_blankets_and_garbage():
    assert RobotsRules.allow_all().allowed("https://x/any", "mediamon")
    assert not RobotsRules.disallow_all().allowed("https://x/any", "mediamon")
    assert parse_robots(b"\xff\xfe<html>nonsense</html>").allowed("https://x/a", "mediamon")
    assert parse_robots(b"User-agent: *\nDisallow:\n").allowed("https://x/a", "mediamon")

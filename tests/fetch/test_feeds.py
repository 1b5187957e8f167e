"""parse_feed: every feed dialect, malformed input, and hostile input."""

from datetime import UTC, datetime

from parsers.listings.discovery import discover_feeds
from parsers.listings.feeds import parse_feed

URL = "https://news.example/feeds/main.xml"

RSS091 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old</title><link>https://news.example/</link>
<item><title>Item 91</title><link>https://news.example/a/91</link>
<description>short</description></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/"><title>RDF</title><link>https://news.example/</link></channel>
<item rdf:about="https://news.example/a/10"><title>Item 10</title><link>https://news.example/a/10</link>
<dc:date>2026-11-20T08:30:00+01:00</dc:date><dc:creator>Bo Writer</dc:creator></item>
</rdf:RDF>"""

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Twenty</title>
<link>https://news.example/</link>
<item><title>Full</title><link>/a/20</link><guid isPermaLink="false">id-20</guid>
<pubDate>Fri, 20 Nov 2026 10:00:00 +0200</pubDate><description>sum</description>
<content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
<dc:creator>Ann</dc:creator></item>
<item><title>Only guid</title><guid>https://news.example/a/guid-only</guid></item>
<item><title>No link at all</title><guid isPermaLink="false">x</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/section/">
<title>Atom</title><id>urn:feed</id><updated>2026-11-20T10:00:00Z</updated>
<entry><title>Atom one</title><id>urn:1</id><link rel="alternate" href="story-1"/>
<published>2026-11-19T09:00:00Z</published><updated>2026-11-20T10:00:00Z</updated>
<author><name>Ann</name></author><author><name>Bob</name></author>
<summary>s</summary><content type="html">&lt;p&gt;body&lt;/p&gt;</content></entry>
</feed>"""


def test_rss091():
    feed = parse_feed(RSS091, URL)
    assert feed.kind == "rss091u"
    assert [e.link for e in feed.entries] == ["https://news.example/a/91"]
    assert feed.error is None


def test_rss10_dates_are_utc_and_authors_kept():
    feed = parse_feed(RSS10, URL)
    assert feed.kind == "rss10"
    entry = feed.entries[0]
    # feedparser files dc:date under "updated"; it is kept there, not guessed into "published"
    assert entry.published is None
    assert entry.updated == datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    assert entry.authors == ["Bo Writer"]


def test_rss20_fields_relative_link_and_guid_permalink():
    feed = parse_feed(RSS20, URL, "application/rss+xml")
    assert feed.kind == "rss20" and feed.title == "Twenty" and feed.error is None
    full, guid_only = feed.entries  # the entry with neither link nor permalink guid is dropped
    assert full.link == "https://news.example/a/20"
    assert full.guid == "id-20"
    assert full.published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert full.published.tzinfo is not None
    assert full.summary == "sum"
    assert "<b>text</b>" in full.content_html
    assert full.authors == ["Ann"]
    assert guid_only.link == "https://news.example/a/guid-only"


def test_atom_xml_base_multiple_authors_content():
    feed = parse_feed(ATOM, URL)
    assert feed.kind == "atom10"
    entry = feed.entries[0]
    assert entry.link == "https://news.example/section/story-1"
    assert entry.guid == "urn:1"
    assert entry.published == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    assert entry.updated == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert entry.authors == ["Ann", "Bob"]
    assert "body" in entry.content_html


def test_bozo_feed_yields_entries_with_error():
    broken = RSS20.replace(b"</channel></rss>", b"<item><title>unclosed & bad</title>")
    feed = parse_feed(broken, URL)
    assert feed.error and "malformed" in feed.error
    assert any(e.link == "https://news.example/a/20" for e in feed.entries)


def test_wrong_declared_encoding_still_parses():
    body = RSS20.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"').replace(
        b"<title>Full</title>", "<title>Café ünïcode</title>".encode()
    )
    feed = parse_feed(body, URL, "application/rss+xml; charset=utf-8")
    assert feed.entries and feed.entries[0].title


def test_latin1_body_declared_utf8_by_header():
    body = "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Caf\xe9</title>"
    body += "<link>https://news.example/x</link></item></channel></rss>"
    feed = parse_feed(body.encode("latin-1"), URL, "text/xml; charset=utf-8")
    assert feed.entries[0].link == "https://news.example/x"


def test_html_served_as_feed_is_not_a_feed():
    html = b"<!doctype html><html><head><title>Home</title></head><body><p>hi</p></body></html>"
    feed = parse_feed(html, URL, "application/rss+xml")
    assert feed.entries == [] and feed.error == "not a feed: an HTML document"


def test_empty_and_garbage_never_raise():
    assert parse_feed(b"", URL).error == "empty body"
    assert parse_feed(b"\x00\xff\xfe garbage", URL).entries == []
    assert parse_feed(b"<rss><channel><item>", URL).entries == []


def test_body_that_looks_like_a_path_or_url_is_not_opened():
    assert parse_feed(b"/etc/passwd", URL).entries == []
    assert parse_feed(b"http://127.0.0.1:9/feed", URL).entries == []


def test_billion_laughs_feed_is_harmless():
    lol = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>
<rss version="2.0"><channel><item><title>&i;</title><link>https://news.example/l</link></item>
</channel></rss>"""
    feed = parse_feed(lol, URL)
    for entry in feed.entries:
        assert len(entry.title or "") < 10_000


def test_autodiscovery_from_homepage():
    html = b"""<html><head><base href="https://news.example/sub/">
<link rel="alternate" type="application/rss+xml" title="Main" href="rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://news.example/atom">
<link rel="alternate" type="application/rss+xml" title="Comments" href="comments.xml">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="stylesheet" type="text/css" href="s.css"></head><body></body></html>"""
    assert discover_feeds(html, "https://news.example/") == [
        "https://news.example/sub/rss.xml",
        "https://news.example/atom",
    ]
    assert discover_feeds(b"", "https://news.example/") == []


def test_json_feed():
    import json

    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "home_page_url": "/",
            "items": [
                {
                    "id": 7,
                    "url": "/a/j1",
                    "title": "JT",
                    "date_published": "2026-11-20T10:00:00+01:00",
                    "content_html": "<p>x</p>",
                    "authors": [{"name": "Zed"}],
                },
                {"id": "no-url"},
            ],
        }
    ).encode()
    feed = parse_feed(body, "https://news.example/feed.json", "application/feed+json")
    assert feed.kind == "json11" and feed.error is None and feed.link == "https://news.example/"
    (entry,) = feed.entries
    assert entry.link == "https://news.example/a/j1" and entry.guid == "7"
    assert entry.published == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert entry.authors == ["Zed"] and entry.content_html == "<p>x</p>"
    broken = parse_feed(b'{"version": "https://jsonfeed.org/version/1", "items": [', URL)
    assert broken.entries == [] and "malformed JSON feed" in broken.error

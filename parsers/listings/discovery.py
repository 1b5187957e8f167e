"""Feed autodiscovery: the RSS / Atom feeds a homepage advertises with <link rel="alternate">."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "text/xml",
    "application/xml",
)


def discover_feeds(data: bytes, url: str) -> list[str]:
    """Absolute feed URLs advertised by the HTML page at `url`, in document order; never raises.

    Only `rel="alternate"` links with a feed media type count (JSON Feed included); a `<base href>`
    is honoured. Comment feeds (a title containing "comments") are left out.
    """
    if not data or not data.strip():
        return []
    try:
        doc = lxml_html.fromstring(data)
    except Exception:  # lxml.etree.ParserError and friends on garbage input
        return []
    base = url
    for href in doc.xpath("//base/@href"):
        base = urljoin(url, href.strip())
        break
    found: list[str] = []
    for link in doc.xpath("//link[@href]"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        title = (link.get("title") or "").lower()
        if "alternate" not in rels or kind not in FEED_TYPES or "comments" in title:
            continue
        feed = urljoin(base, link.get("href").strip())
        if urlsplit(feed).scheme in ("http", "https") and feed not in found:
            found.append(feed)
    return found

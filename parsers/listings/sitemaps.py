"""Sitemap documents (urlset, sitemap index, Google News, gzip, plain text) to `ParsedSitemap`.

Hostile input is expected: XML is parsed with entity expansion, DTD loading and network access
off, and gzip is inflated incrementally against a size cap so a small bomb cannot exhaust memory.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from parsers.article.metadata.dates import parse_date
from parsers.records import ParsedSitemap, SitemapUrl

# The sitemap protocol caps an uncompressed sitemap at 50 MB.
MAX_DECOMPRESSED = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class _TooLargeError(Exception):
    pass


def parse_sitemap(data: bytes, url: str, *, max_size: int = MAX_DECOMPRESSED) -> ParsedSitemap:
    """Parse a sitemap body fetched from `url`; never raises.

    Gzip is recognised by its magic bytes (whatever the URL or headers say). Truncated or
    malformed XML yields the entries that could be recovered, with `error` set.
    """
    if data[:2] == _GZIP_MAGIC:
        try:
            data = _gunzip(data, max_size)
        except _TooLargeError:
            return ParsedSitemap(url=url, error=f"decompressed size exceeds {max_size} bytes")
        except (zlib.error, EOFError) as exc:
            return ParsedSitemap(url=url, error=f"bad gzip data: {exc}")
    if len(data) > max_size:
        return ParsedSitemap(url=url, error=f"sitemap larger than {max_size} bytes")
    if not data.strip():
        return ParsedSitemap(url=url, error="empty body")
    if data.lstrip()[:1] != b"<":
        return _parse_text(data, url)
    try:
        return _parse_xml(data, url)
    except Exception as exc:  # lxml raises a handful of classes; none may escape
        return ParsedSitemap(url=url, error=f"unparseable sitemap: {exc.__class__.__name__}: {exc}")


def parse_w3c_datetime(value: str | None) -> datetime | None:
    """A W3C datetime ("2024-05-01", "2024-05-01T10:00Z", "...+02:00") as aware UTC, else None.

    A date without a time zone is taken as UTC.
    """
    parsed = parse_date(value)
    return parsed.astimezone(UTC) if parsed else None


def _gunzip(data: bytes, max_size: int) -> bytes:
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = data
        while pending:
            out += inflater.decompress(pending, max_size + 1 - len(out))
            if len(out) > max_size:
                raise _TooLargeError
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        if not inflater.eof:
            raise EOFError("truncated gzip stream")
        data = inflater.unused_data  # a further gzip member, if any
        if data[:2] != _GZIP_MAGIC:
            break
    return bytes(out)


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _parse_xml(data: bytes, url: str) -> ParsedSitemap:
    parser = _xml_parser()
    root = etree.fromstring(data, parser)
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    error = f"malformed XML: {errors[0].message} (line {errors[0].line})" if errors else None
    if root is None:
        return ParsedSitemap(url=url, error=error or "not XML")
    kind = _local(root)
    if kind == "urlset":
        urls = [u for u in (_url_entry(el, url) for el in root if _local(el) == "url") if u]
        return ParsedSitemap(url=url, urls=urls, error=error)
    if kind == "sitemapindex":
        children = [c for c in (_child(el, url) for el in root if _local(el) == "sitemap") if c]
        return ParsedSitemap(
            url=url, sitemaps=[c.loc for c in children], children=children, error=error
        )
    return ParsedSitemap(url=url, error=error or f"not a sitemap (root element <{kind}>)")


def _parse_text(data: bytes, url: str) -> ParsedSitemap:
    """A text sitemap: one absolute URL per line."""
    text = data.decode("utf-8", errors="replace")
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if urlsplit(line).scheme in ("http", "https"):
            urls.append(SitemapUrl(loc=line))
    if not urls:
        return ParsedSitemap(url=url, error="not a sitemap (neither XML nor a list of URLs)")
    return ParsedSitemap(url=url, urls=urls)


def _url_entry(el: etree._Element, base: str) -> SitemapUrl | None:
    fields = _children_text(el)
    loc = _absolute(fields.get("loc"), base)
    if not loc:
        return None
    entry = SitemapUrl(loc=loc, lastmod=parse_w3c_datetime(fields.get("lastmod")))
    news = next((c for c in el if _local(c) == "news"), None)
    if news is not None:
        news_fields = _children_text(news)
        entry.news_title = news_fields.get("title")
        entry.news_published = parse_w3c_datetime(news_fields.get("publication_date"))
        publication = next((c for c in news if _local(c) == "publication"), None)
        if publication is not None:
            entry.news_language = _children_text(publication).get("language")
    return entry


def _child(el: etree._Element, base: str) -> SitemapUrl | None:
    fields = _children_text(el)
    loc = _absolute(fields.get("loc"), base)
    if not loc:
        return None
    return SitemapUrl(loc=loc, lastmod=parse_w3c_datetime(fields.get("lastmod")))


def _children_text(el: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in el:
        name = _local(child)
        text = (child.text or "").strip()
        if name and text and name not in out:
            out[name] = text
    return out


def _absolute(loc: str | None, base: str) -> str | None:
    if not loc:
        return None
    loc = urljoin(base, loc)
    return loc if urlsplit(loc).scheme in ("http", "https") else None


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions, entity references
        return ""
    return etree.QName(tag).localname

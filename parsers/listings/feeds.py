"""RSS / Atom (through feedparser) and JSON Feed documents to `ParsedFeed`, with no I/O at all.

feedparser is given a byte stream, never the raw bytes: handed a `bytes` or `str` it may treat the
value as a file name or URL and open it, which a hostile body must never be able to trigger.
"""

from __future__ import annotations

import calendar
import io
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from parsers.listings.jsonfeed import looks_like_json_feed, parse_json_feed
from parsers.records import FeedEntry, ParsedFeed

# Benign bozo reasons: the document parsed fine, only its declared encoding or type was off.
_BENIGN_BOZO = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
)


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed body fetched from `url`; never raises.

    Links are made absolute against the feed URL (and any xml:base). A malformed feed yields the
    entries feedparser could recover and sets `error`; a document that is not a feed at all (an
    HTML page, an empty body) yields no entries and an error.
    """
    if not data or not data.strip():
        return ParsedFeed(url=url, kind="", error="empty body")
    if looks_like_json_feed(data):
        return parse_json_feed(data, url)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        doc = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser is robust, but a parser bug must not kill a run
        return ParsedFeed(
            url=url, kind="", error=f"unparseable feed: {exc.__class__.__name__}: {exc}"
        )

    kind = doc.get("version") or ""
    meta = doc.get("feed", {})
    entries = [e for e in (_entry(raw, url) for raw in doc.get("entries", [])) if e is not None]
    error = _error(doc, data, kind, entries)
    link = meta.get("link")
    return ParsedFeed(
        url=url,
        kind=kind,
        title=_text(meta.get("title")),
        link=urljoin(url, link) if link else None,
        entries=entries,
        error=error,
    )


def _error(doc: Any, data: bytes, kind: str, entries: list[FeedEntry]) -> str | None:
    if not kind and not entries:
        if _looks_like_html(data):
            return "not a feed: an HTML document"
        reason = doc.get("bozo_exception")
        return f"not a feed: {reason}" if reason else "not a feed"
    if doc.get("bozo") and not isinstance(doc.get("bozo_exception"), _BENIGN_BOZO):
        return f"malformed feed: {doc.get('bozo_exception')}"
    return None


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    guid = _text(raw.get("id"))
    link = raw.get("link") or _permalink_guid(guid)
    if not link:
        return None
    link = urljoin(feed_url, link.strip())
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    return FeedEntry(
        link=link,
        guid=guid,
        title=_text(raw.get("title")),
        published=_date(raw.get("published_parsed")),
        updated=_date(raw.get("updated_parsed")),
        summary=_text(raw.get("summary")),
        content_html=_content(raw),
        authors=_authors(raw),
    )


def _permalink_guid(guid: str | None) -> str | None:
    """An RSS guid is a permalink when it is an http(s) URL; used when an item has no <link>."""
    if guid and urlsplit(guid).scheme in ("http", "https"):
        return guid
    return None


def _content(raw: Any) -> str | None:
    """The richest body: content:encoded / atom:content, preferring HTML over plain text."""
    contents = raw.get("content") or []
    html = [c for c in contents if "html" in (c.get("type") or "")]
    for c in html or contents:
        value = c.get("value")
        if value and value.strip():
            return value
    return None


def _authors(raw: Any) -> list[str]:
    names: list[str] = []
    for author in raw.get("authors") or []:
        name = _text(author.get("name")) or _text(author.get("email"))
        if name and name not in names:
            names.append(name)
    if not names:
        single = _text(raw.get("author"))
        if single:
            names.append(single)
    return names


def _date(parsed: time.struct_time | None) -> datetime | None:
    """feedparser normalises dates to a UTC struct_time; make it an aware datetime."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None

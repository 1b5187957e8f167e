"""JSON Feed (https://jsonfeed.org, versions 1 and 1.1) to `ParsedFeed`; feedparser lacks it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsers.records import FeedEntry, ParsedFeed

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json_feed(data: bytes) -> bool:
    head = data[:512].lstrip()
    return head.startswith(b"{") and b"jsonfeed.org/version" in data[:4096]


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed body; never raises. Items without an http(s) URL are skipped."""
    try:
        doc = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        return ParsedFeed(url=url, kind="", error=f"malformed JSON feed: {exc}")
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(_VERSION_PREFIX):
        return ParsedFeed(url=url, kind="", error="not a feed: JSON without a JSON Feed version")
    version = str(doc["version"]).removeprefix(_VERSION_PREFIX)
    items = doc.get("items") if isinstance(doc.get("items"), list) else []
    entries = [e for e in (_entry(item, url) for item in items) if e is not None]
    home = _str(doc.get("home_page_url"))
    return ParsedFeed(
        url=url,
        kind=f"json{version.replace('.', '')}",
        title=_str(doc.get("title")),
        link=urljoin(url, home) if home else None,
        entries=entries,
    )


def _entry(item: Any, feed_url: str) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    link = _str(item.get("url")) or _str(item.get("external_url"))
    if not link:
        return None
    link = urljoin(feed_url, link)
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    return FeedEntry(
        link=link,
        guid=_str(item.get("id")) if item.get("id") is not None else None,
        title=_str(item.get("title")),
        published=_date(item.get("date_published")),
        updated=_date(item.get("date_modified")),
        summary=_str(item.get("summary")),
        content_html=_str(item.get("content_html")) or _str(item.get("content_text")),
        authors=_authors(item),
    )


def _authors(item: dict[str, Any]) -> list[str]:
    raw = item.get("authors")
    if not isinstance(raw, list):
        raw = [item.get("author")]  # version 1 had a single author object
    names = [_str(a.get("name")) for a in raw if isinstance(a, dict)]
    return [n for n in dict.fromkeys(names) if n]


def _date(value: Any) -> datetime | None:
    text = _str(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _str(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None

"""Dates a page marks up outside its metadata, and the time zone the page itself uses.

- ``page_zone``: the first explicit, non-UTC offset among the page's own machine-readable dates
  (JSON-LD, meta tags, ``<time datetime>``), else a zone abbreviation printed beside a visible date
  ("10:00 CEST"). A date that states no zone is read in it, and a UTC instant is shown in it, so the
  published *day* is the page's own.
- ``marked_date``: the first date printed in the body in an element whose class or id (or its
  parent's class) says it holds a date ("post-date", "published", "entry-meta"), or in a ``<time>``
  without a ``datetime``, outside sidebars, comments and related-post lists (``<body>`` and the
  elements holding the headline are never such asides, whatever their class);
- ``headline_date``: else a short line near the headline that is a date and little else.

The headline is the element that holds the page's title (a site logo is often the first ``<h1>``),
else the first ``<h1>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from lxml import etree

from parsers.article.metadata.body_elements import BodyElements
from parsers.article.metadata.dates import text_date

_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*([+-])(\d{2}):?(\d{2})")
# Abbreviations that name one offset; ambiguous ones (IST, CST in Asia) are left out.
_ABBREVIATIONS = {
    "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "BST": 1,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AEST": 10, "AEDT": 11, "JST": 9, "KST": 9,
}
_ABBREVIATION = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(" + "|".join(_ABBREVIATIONS) + r")\b", re.I)
_DATE_HINT = re.compile(r"date|time|publish|posted|byline|meta", re.I)
_NOT_THE_ARTICLE = re.compile(r"sidebar|related|comment|recent|widget|footer|popular|trending|card", re.I)
_MAX_DATE_TEXT = 80
_MAX_DATE_LINE = 40  # "Published on September 14, 2025 · 5 min"
_MAX_CHILDREN = 4
_BEFORE_H1, _AFTER_H1 = 15, 80  # elements read around the headline
_ANCESTORS_CHECKED = 6


def page_zone(values: Iterable[str], body: BodyElements) -> tzinfo | None:
    """The page's own UTC offset, from its machine-readable dates, else a printed zone name."""
    for value in values:
        match = _OFFSET.search(value)
        if match and (match.group(2), match.group(3)) != ("00", "00"):
            sign = -1 if match.group(1) == "-" else 1
            return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    for el in body.elements:
        text = el.text
        if text and ":" in text and len(text) <= _MAX_DATE_TEXT and (match := _ABBREVIATION.search(text)):
            return timezone(timedelta(hours=_ABBREVIATIONS[match.group(1).upper()]))
    return None


def machine_dates(body: BodyElements) -> list[str]:
    """Every ``<time datetime>`` value in the body, in document order: the first is the article's
    own date on most pages; all of them serve ``page_zone``."""
    return [value for el in body.with_tag("time") if (value := el.get("datetime")) is not None]


def marked_date(
    body: BodyElements, zone: tzinfo = timezone.utc, headline: etree._Element | None = None
) -> datetime | None:
    """The first visible date in a date-marked element of the article (see the module docstring);
    `headline` is the element holding the title (default: the first ``<h1>``)."""
    marked = (
        el
        for el, tag, classes, ident, parent_classes in zip(
            body.elements, body.tags, body.classes, body.ids, body.parent_classes
        )
        if tag not in ("script", "style")
        and (
            (tag == "time" and not el.get("datetime"))
            or _date_hint(classes)
            or _date_hint(ident)
            or _date_hint(parent_classes)
        )
    )
    at = _headline_at(body, headline)
    wrappers = set(body.elements[at].iterancestors()) if at is not None else set()
    return _first_date(marked, _MAX_DATE_TEXT, zone, wrappers)


def headline_date(
    body: BodyElements, zone: tzinfo = timezone.utc, headline: etree._Element | None = None
) -> datetime | None:
    """A short line near the headline (`headline`, default: the first ``<h1>``) that is a date and
    little else ("Posted on May 6, 2025")."""
    at = _headline_at(body, headline)
    if at is None:
        return None
    near = body.elements[max(0, at - _BEFORE_H1) : at + _AFTER_H1]
    lines = (el for el in near if el.tag not in ("script", "style") and len(el) <= _MAX_CHILDREN)
    return _first_date(lines, _MAX_DATE_LINE, zone, set(body.elements[at].iterancestors()))


@lru_cache(maxsize=4096)
def _date_hint(attribute: str) -> bool:
    """A class or id naming a date ("post-date", "entry-meta"); cached: pages repeat their classes.

    The class, id and parent class are looked at one by one: no hint word holds a space.
    """
    return _DATE_HINT.search(attribute) is not None


def _headline_at(body: BodyElements, headline: etree._Element | None) -> int | None:
    """The position of the headline element: `headline`, else the first ``<h1>``. Its ancestors hold
    the article: none of them is an aside, whatever its class."""
    if headline is None:
        return body.first("h1")
    return next((i for i, el in enumerate(body.elements) if el is headline), None)


def _first_date(
    elements: Iterable[etree._Element], max_chars: int, zone: tzinfo, wrappers: set[etree._Element]
) -> datetime | None:
    """The date of the first element whose whole text is short and holds one, outside asides."""
    for el in elements:
        text = _short_text(el, max_chars)
        if text and not _in_aside(el, wrappers) and (found := text_date(text, zone)):
            return found
    return None


def _short_text(el: etree._Element, max_chars: int) -> str:
    """The element's text, whitespace collapsed; "" when it is longer than ``max_chars``.

    Read word by word, so that a long element (a "meta"-classed wrapper of the whole article) is
    given up on after ``max_chars`` instead of being joined whole.
    """
    words: list[str] = []
    length = -1  # the spaces between words: one fewer than the words
    for piece in el.itertext():
        for word in piece.split():
            length += len(word) + 1
            if length > max_chars:
                return ""
            words.append(word)
    return " ".join(words)


def _in_aside(el: etree._Element, wrappers: set[etree._Element]) -> bool:
    """In or inside a sidebar, comment, related-posts list or card (other articles' dates).

    ``<body>`` and the elements that also hold the headline (``wrappers``) are never asides: their
    "no-sidebar", "widget" or "card" classes name the page's layout, not a list of other articles.
    """
    parent = el
    for _ in range(_ANCESTORS_CHECKED):
        if parent is None or parent.tag in ("body", "html"):
            return False
        if parent in wrappers:
            parent = parent.getparent()
            continue
        if parent.tag in ("aside", "footer", "nav") or _NOT_THE_ARTICLE.search(
            f"{parent.get('class', '')} {parent.get('id', '')}"
        ):
            return True
        parent = parent.getparent()
    return False

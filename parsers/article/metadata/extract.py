"""Article metadata from the document head and semantic markup.

Sources, strongest first: JSON-LD (schema.org Article types), Open Graph / ``article:*`` meta,
other well-known meta names, microdata (``itemprop``), then visible markup (``<h1>``, ``<time>``,
bylines). Every date candidate keeps the name of its source for provenance.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from urllib.parse import urljoin

from lxml import etree

from parsers.article.metadata.authors import page_authors
from parsers.article.metadata.body_elements import BodyElements
from parsers.article.metadata.dates import parse_date, plausible_date
from parsers.article.metadata.page_dates import headline_date, machine_dates, marked_date, page_zone
from parsers.article.metadata.titles import choose_title, h1_title, site_names

_ARTICLE_TYPE = re.compile(r"article|posting|report", re.I)  # NewsArticle, BlogPosting, Report...
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class PageMeta:
    """Everything the head and markup say about a page; the body text is extracted elsewhere."""

    title: str | None = None
    page_title: str | None = None  # the raw <title>
    title_variants: list[str] = field(default_factory=list)  # every headline the page states
    authors: list[str] = field(default_factory=list)
    published: list[tuple[datetime, str]] = field(default_factory=list)  # (date, source) by rank
    modified: list[tuple[datetime, str]] = field(default_factory=list)
    date_line: datetime | None = None  # a bare date line by the headline: a last resort, after URL and feed
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    site_name: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    article_body: str | None = None  # JSON-LD articleBody, when given
    jsonld_types: set[str] = field(default_factory=set)
    paywalled: bool = False  # schema.org isAccessibleForFree is false
    og_type: str | None = None


def _clean(text: str | None) -> str | None:
    """Whitespace collapsed, entities left escaped by the publisher ("&#8217;") decoded."""
    if text is None:
        return None
    if "&" in text:
        text = html.unescape(text)
    text = _SPACE.sub(" ", text).strip()
    return text or None


def _text_of(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def _heading_text(el: etree._Element) -> str:
    """A headline's text: a line break is a space ("WEEKEND<br>CODING"), and a ``<time>`` inside
    it (a date in the headline's link) is not part of the title."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "br":
                parts.append(" ")
            elif isinstance(child.tag, str) and child.tag not in ("time", "script", "style"):
                visit(child)
            parts.append(child.tail or "")

    visit(el)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _jsonld_objects(scripts: list[etree._Element]) -> list[dict]:
    """Every JSON object in the page's JSON-LD scripts, @graph and lists flattened."""
    found: list[dict] = []
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        raw = script.text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    return found


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _first_url(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _first_url(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list) and value:
        return _first_url(value[0])
    return None


def _meta_map(elements: list[etree._Element]) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for meta in elements:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and content.strip():
            metas.setdefault(key.strip().lower(), []).append(content.strip())
    return metas


_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "citation_publication_date",
    "citation_date",
    "published-date",
    "published_date",
    "date-pub",
    "article.published",
)
# Other publishers' own names for the same tag: "w-published-date", "cms.publish_time".
_PUBLISHED_NAME = re.compile(r"publish(?:ed)?[-_.]?(?:date|time)", re.I)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")


def extract_metadata(root: etree._Element, url: str | None, body: BodyElements | None = None) -> PageMeta:
    """Read the metadata of a parsed page; relative URLs are made absolute against ``url``.

    ``body``: the page's ``BodyElements``, when the caller lists them itself (see ``extract_article``).
    """
    meta = PageMeta()
    head = _head_elements(root)
    body = body if body is not None else BodyElements(root)
    metas = _meta_map(head["meta"])

    def first(*keys: str) -> str | None:
        for key in keys:
            if key in metas:
                return metas[key][0]
        return None

    article: dict = {}
    others: list[dict] = []
    for obj in _jsonld_objects(head["script"]):
        types = _types(obj)
        meta.jsonld_types.update(types)
        if not article and any(_ARTICLE_TYPE.search(t) for t in types):
            article = obj
        else:
            others.append(obj)
    page_obj = next((o for o in others if "WebPage" in _types(o)), {})

    meta.page_title = _clean(_text_of(head["title"][0])) if head["title"] else None
    publisher = article.get("publisher")
    publisher_name = publisher.get("name") if isinstance(publisher, dict) else None
    website = next((o for o in others if "WebSite" in _types(o)), {})
    meta.site_name = _clean(
        first("og:site_name", "application-name") or _str(publisher_name) or _str(website.get("name"))
    )
    site = site_names([meta.site_name, _str(publisher_name), _str(website.get("name"))], url)
    h1_elements = body.with_tag("h1")
    h1s = [_clean(_heading_text(h1)) for h1 in h1_elements]
    headline = _clean(_str(article.get("headline")))
    heads = [headline, _clean(first("og:title")), _clean(first("twitter:title")), meta.page_title]
    meta.title, meta.title_variants = choose_title([h for h in h1s if h], heads, site)
    title_element = _title_element(body, h1_elements, h1s, meta.title)

    meta.authors = page_authors(article, [article, *others], metas, root, body, site)

    times = machine_dates(body)
    published = [
        ("jsonld", article.get("datePublished") or page_obj.get("datePublished")),
        *((f"meta:{k}", first(k)) for k in _PUBLISHED_META),
        *((f"meta:{k}", v[0]) for k, v in metas.items() if k not in _PUBLISHED_META and _PUBLISHED_NAME.search(k)),
        ("itemprop", _itemprop_date(body, "datePublished")),
        ("time", times[0] if times else None),
    ]
    modified = [
        ("jsonld", article.get("dateModified") or page_obj.get("dateModified")),
        *((f"meta:{k}", first(k)) for k in _MODIFIED_META),
        ("itemprop", _itemprop_date(body, "dateModified")),
    ]
    meta.published, meta.modified = _parsed(published, None), _parsed(modified, None)
    dated = any(plausible_date(d) for d, _ in meta.published)
    # The page's zone is looked up only where a date needs it: one without a zone, or a UTC one.
    zone = None
    if not dated or any(d.utcoffset() == timedelta(0) for d, _ in meta.published + meta.modified):
        stated = [v for _, v in published + modified if isinstance(v, str)] + times
        zone = page_zone(stated, body)
        if zone is not None:
            meta.published, meta.modified = _parsed(published, zone), _parsed(modified, zone)
    if not dated:
        marked = marked_date(body, zone or timezone.utc, title_element)
        if marked:
            meta.published.append((marked, "marked"))
        meta.date_line = headline_date(body, zone or timezone.utc, title_element)

    html_lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    in_language = article.get("inLanguage")
    meta.language = _clean(
        html_lang
        or first("content-language", "og:locale", "language", "dc.language")
        or (in_language if isinstance(in_language, str) else None)
    )

    canonical = None
    for link in head["link"]:
        if "canonical" in link.get("rel", "").lower().split() and link.get("href") is not None:
            canonical = link.get("href")
            break
    canonical = canonical or first("og:url")
    meta.canonical_url = _absolute(url, canonical)

    description = article.get("description")
    meta.description = _clean(
        first("description", "og:description", "twitter:description")
        or (description if isinstance(description, str) else None)
    )
    image = first("og:image", "og:image:url", "twitter:image", "twitter:image:src") or _first_url(
        article.get("image")
    )
    meta.image = _absolute(url, image)

    tags = metas.get("article:tag", [])
    if not tags:
        keywords = article.get("keywords") or first("news_keywords", "keywords")
        if isinstance(keywords, str):
            tags = keywords.split(",")
        elif isinstance(keywords, list):
            tags = [k for k in keywords if isinstance(k, str)]
    if not tags:
        tags = [_text_of(a) for a in root.iterfind(".//a[@rel]") if "tag" in a.get("rel", "").split()]
    seen: set[str] = set()
    for tag in tags:
        tag = _clean(tag)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            meta.tags.append(tag)

    free = article.get("isAccessibleForFree", page_obj.get("isAccessibleForFree"))
    meta.paywalled = free is False or (isinstance(free, str) and free.strip().lower() == "false")
    article_body = article.get("articleBody")
    meta.article_body = article_body.strip() if isinstance(article_body, str) and article_body.strip() else None
    meta.og_type = first("og:type")
    return meta


_HEAD_TAGS = ("meta", "script", "title", "link")


def _head_elements(root: etree._Element) -> dict[str, list[etree._Element]]:
    """The page's meta, script, title and link elements (wherever they are), by tag, in one pass."""
    found: dict[str, list[etree._Element]] = {tag: [] for tag in _HEAD_TAGS}
    for el in root.iter(*_HEAD_TAGS):
        found[el.tag].append(el)
    return found


def _parsed(candidates: list[tuple[str, object]], zone: tzinfo | None) -> list[tuple[datetime, str]]:
    """(date, source) of the candidates that parse: a date without a zone is read in the page's zone,
    a UTC instant shown in it (same instant, the page's own day)."""
    found = []
    for source, value in candidates:
        parsed = parse_date(value, zone or timezone.utc) if isinstance(value, str) else None
        if parsed:
            if zone is not None and parsed.utcoffset() == timedelta(0):
                try:
                    parsed = parsed.astimezone(zone)
                except OverflowError:  # a placeholder such as 0001-01-01: no date at all
                    continue
            found.append((parsed, source))
    return found


def _title_element(
    body: BodyElements, h1_elements: list[etree._Element], h1s: list[str | None], title: str | None
) -> etree._Element | None:
    """The element showing the chosen title: an ``<h1>`` (not the logo one before it), else, on a
    page without one, an ``<h2>``/``<h3>``; None when no heading shows it."""
    if not title:
        return None
    found = next((el for el, text in zip(h1_elements, h1s) if text and h1_title(text) == title), None)
    if found is not None or h1_elements:
        return found
    headings = (el for el, tag in zip(body.elements, body.tags) if tag in ("h2", "h3"))
    return next((el for el in headings if _clean(_heading_text(el)) == title), None)


def _absolute(base: str | None, ref: str | None) -> str | None:
    """``ref`` resolved against the page URL; None for an empty or malformed reference."""
    if not ref or not ref.strip():
        return None
    try:
        return urljoin(base or "", ref.strip())
    except ValueError:  # "http://[broken" and other unparsable URLs
        return None


def _itemprop_date(body: BodyElements, prop: str) -> str | None:
    """The value of a microdata date (itemprop=datePublished / dateModified) in the body."""
    for el, itemprop in zip(body.elements, body.itemprops):
        if itemprop == prop and (value := el.get("datetime") or el.get("content") or _text_of(el)):
            return value
    return None



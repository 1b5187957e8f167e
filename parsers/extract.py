"""One fetched page to one clean ``Article``: the parsers' entry point.

Steps: decode the bytes (``encoding``), parse with lxml, read metadata (``metadata``), walk the
body into scored text blocks (``html_blocks``), select the article container and its article
blocks (``content``), fall back to JSON-LD ``articleBody`` when the markup yields (almost)
nothing, pick dates with provenance, check the language, classify the page (``classify``).
"""

from __future__ import annotations

from datetime import datetime

from parsers.classify import classify_page
from parsers.content import article_blocks, blocks_text, select_container
from parsers.dates import not_future, url_date
from parsers.encoding import decode_html
from parsers.html_blocks import parse_html, walk
from parsers.language import resolve_language
from parsers.metadata import extract_metadata
from parsers.records import Article

EXTRACTOR_VERSION = "1.0.0"

_JSONLD_FALLBACK_RATIO = 2.0  # use articleBody when it is this much longer than the markup text


def extract_article(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    site_chrome: frozenset[str] = frozenset(),
    feed_published: datetime | None = None,
) -> Article:
    """Extract the article of one page; never raises on bad input, classifies it instead."""
    text_html = decode_html(html, content_type) if isinstance(html, bytes) else html
    article = Article(url=url, extractor_version=EXTRACTOR_VERSION)
    root = parse_html(text_html)
    if root is None:
        article.page_type = "empty"
        _set_published(article, [], url, feed_published)
        return article

    meta = extract_metadata(root, url)
    page = walk(root)
    container = select_container(page)
    blocks = article_blocks(page, container, titles=meta.title_variants, site_chrome=site_chrome)
    text = blocks_text(blocks)
    if container is None:
        source = "page"
    elif container.element.get("itemprop") == "articleBody":
        source = "itemprop"
    else:
        source = container.element.tag if container.semantic else "density"
    if meta.article_body and len(meta.article_body) > _JSONLD_FALLBACK_RATIO * max(len(text), 100):
        text, source = extract_text_from_fragment(meta.article_body), "jsonld"
    text = text.strip()

    article.canonical_url = meta.canonical_url
    article.title = meta.title
    article.text = text
    article.authors = meta.authors
    article.description = meta.description
    article.site_name = meta.site_name
    article.image = meta.image
    article.tags = meta.tags
    article.text_source = source if text else None
    article.language = resolve_language(meta.language, text or meta.description or "")
    _set_published(article, meta.published, url, feed_published)
    modified = next(((d, s) for d, s in meta.modified if not_future(d)), None)
    if modified:
        article.modified, article.modified_source = modified
    article.page_type = classify_page(
        page,
        text,
        url=url,
        title=meta.page_title or meta.title,
        jsonld_types=meta.jsonld_types,
        og_type=meta.og_type,
    )
    return article


def _set_published(
    article: Article,
    candidates: list[tuple[datetime, str]],
    url: str | None,
    feed_published: datetime | None,
) -> None:
    """The first non-future date among markup, URL and feed, with its source."""
    ranked = [*candidates, (url_date(url), "url"), (feed_published, "feed")]
    for value, source in ranked:
        value = not_future(value)
        if value is not None:
            article.published, article.published_source = value, source
            return


def extract_text_from_fragment(html: str) -> str:
    """Clean text of an HTML fragment (a feed's ``content:encoded``, a JSON-LD articleBody).

    The same block rules apply as for pages: share links, "The post ... appeared first on ..."
    footers and other boilerplate lines go; the fragment is the container, so nothing is selected.
    """
    if "<" not in html:
        html = html.replace("\n", "<br>")
    root = parse_html(f"<html><body>{html}</body></html>")
    if root is None:
        return ""
    page = walk(root)
    return blocks_text(article_blocks(page, None)).strip()

"""One fetched page to one clean ``Article``: the parsers' entry point.

Steps: decode the bytes (``encoding``), repair double-decoded UTF-8 (``mojibake``), parse with
lxml, read metadata (``metadata``), walk the body into scored text blocks (``html_blocks``),
select the article container and its article blocks (``content``), cross-check with JSON-LD
``articleBody``, fall back to the page's own text where the selection is a thin fragment of it
(listings), pick dates with provenance, check the language (``language``), classify the page
(``classify``) on the article text found.

Text shape: one paragraph, heading, list item or table row per line; no title, byline, date
line, navigation, share, comment, related, newsletter, cookie, ad or author-bio text.
Image captions and photo credits are *not* kept: they describe the pictures, not the story,
and hand-annotated article bodies (the benchmark's included) leave them out.

Dates: published is the first plausible (not future, not a placeholder) date of JSON-LD,
``article:published_time`` and similar meta, microdata, the first ``<time>``, the URL, the
feed entry, then a date line in the visible text; ``published_source`` names the one used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from parsers.article.classify import classify_page, is_teaser
from parsers.article.text.content import (
    article_blocks,
    blocks_text,
    scored_article_blocks,
    select_container,
    thin_fallback,
)
from parsers.article.metadata.body_elements import BodyElements
from parsers.article.text.boilerplate import is_dateline
from parsers.article.text.chrome import normalise_block
from parsers.article.metadata.dates import plausible_date, url_date, written_date
from parsers.article.encoding import decode_html, looks_binary
from parsers.article.text.html_blocks import Block, Container, Page, parse_html, text_chars, walk
from parsers.article.metadata.language import resolve_language
from parsers.article.metadata.extract import extract_metadata
from parsers.article.mojibake import repair_mojibake
from parsers.article.cards import offer_cards
from parsers.records import Article

EXTRACTOR_VERSION = "1.7.0"

_JSONLD_FALLBACK_RATIO = 2.0  # use articleBody when it is this much longer than the markup text
_JSONLD_CHECK_CHARS = 500  # shorter bodies are too thin to judge the markup text by
_JSONLD_MIN_COVERAGE = 0.5  # share of articleBody's words the markup text must contain
_WORD = re.compile(r"\w+")
_DATE_LINE_BLOCKS = 40  # a page's own date line sits near its top
# Less article text than this and the page is read again with its <noscript> copy: script-built
# pages (forum software) show a "Loading..." placeholder and serve crawlers the text there.
_NOSCRIPT_RETRY_CHARS = 80


def extract_article(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    site_chrome: frozenset[str] = frozenset(),
    feed_published: datetime | None = None,
) -> Article:
    """Extract the article of one page; never raises on bad input, classifies it instead."""
    text_html = repair_mojibake(decode_html(html, content_type) if isinstance(html, bytes) else html)
    article = Article(url=url, extractor_version=EXTRACTOR_VERSION)
    root = None if looks_binary(text_html) else parse_html(text_html)
    if root is None:
        article.page_type = "empty"
        _set_published(article, _published_candidates([], url, feed_published, None))
        return article

    # The body's elements, listed once for the page: the metadata readers read the list, and while
    # it holds the elements' lxml proxies the walk and the card look-up reuse them instead of making
    # and freeing one per element on each pass (1% of extraction time).
    body = BodyElements(root)
    meta = extract_metadata(root, url, body)
    page = walk(root)
    container, blocks = _main_blocks(page, meta.title_variants, site_chrome)
    if text_chars(blocks) < _NOSCRIPT_RETRY_CHARS:  # nothing, or a "Loading..." placeholder
        noscript_page = walk(root, noscript=True)
        noscript_container, noscript_blocks = _main_blocks(noscript_page, meta.title_variants, site_chrome)
        if text_chars(noscript_blocks) > text_chars(blocks):
            page, container, blocks = noscript_page, noscript_container, noscript_blocks
    text = blocks_text(blocks)
    source = text_source(container)
    if meta.article_body and _prefer_jsonld_body(text, meta.article_body):
        text, source = extract_text_from_fragment(meta.article_body), "jsonld"
    # The page class is judged on the article text found; a listing's own text comes after.
    article_text = text.strip()
    wider = None if source == "jsonld" else thin_fallback(
        page, container, blocks, titles=meta.title_variants, site_chrome=site_chrome
    )
    if wider is not None:
        text, source = blocks_text(wider), "page"
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
    _set_published(
        article, _published_candidates(meta.published, url, feed_published, page, meta.title_variants, meta.date_line)
    )
    modified = next(((d, s) for d, s in meta.modified if plausible_date(d)), None)
    if modified:
        article.modified, article.modified_source = modified
    article.page_type = classify_page(
        page,
        article_text,
        url=url,
        title=meta.page_title or meta.title,
        jsonld_types=meta.jsonld_types,
        og_type=meta.og_type,
        offers=offer_cards(root, container.element if container else None),
    )
    article.paywalled = article.page_type == "article" and is_teaser(page, article_text, meta.paywalled)
    return article


def _main_blocks(page: Page, titles: list[str], site_chrome: frozenset[str]) -> tuple[Container | None, list[Block]]:
    container = select_container(page, titles)
    return container, scored_article_blocks(page, container, titles=titles, site_chrome=site_chrome)


def text_source(container: Container | None) -> str:
    """Provenance of the text: which rule picked its container.

    "itemprop" (itemprop=articleBody), "article" / "main" (the HTML5 element), "class-hint" (a
    class such as entry-content), "density" (prose density alone), "page" (no container: the
    whole page's filtered blocks); "jsonld" is set where articleBody replaced the markup text, and
    "page" too where the page's own text replaced a thin selection (``content.thin_fallback``).
    """
    if container is None:
        return "page"
    element = container.element
    if element.get("itemprop") == "articleBody":
        return "itemprop"
    if container.semantic:
        return element.tag
    return "class-hint" if container.hint > 0 else "density"


def _prefer_jsonld_body(text: str, body: str) -> bool:
    """Whether the page's JSON-LD articleBody should replace the text found in the markup.

    Publishers often truncate articleBody, so it is a cross-check, not the first choice: it wins
    when the markup gave much less text (a script-rendered page), or when the markup text misses
    most of its words (the wrong container was picked).
    """
    if len(body) > _JSONLD_FALLBACK_RATIO * max(len(text), 100):
        return True
    if len(body) < _JSONLD_CHECK_CHARS:
        return False
    body_words = set(_WORD.findall(body.casefold()))
    covered = body_words & set(_WORD.findall(text.casefold()))
    return len(covered) < _JSONLD_MIN_COVERAGE * len(body_words)


def visible_date(page: Page, titles: list[str]) -> datetime | None:
    """A date line near the top of the page ("4 October 2026"), else just after the headline's
    block (a page whose navigation takes its first blocks), for pages with no date markup."""
    title_norms = {normalise_block(t) for t in titles}
    headline = next((i for i, b in enumerate(page.blocks) if normalise_block(b.text) in title_norms), None)
    after = [] if headline is None else page.blocks[max(headline, _DATE_LINE_BLOCKS) : headline + _DATE_LINE_BLOCKS]
    for block in [*page.blocks[:_DATE_LINE_BLOCKS], *after]:  # the top, then what it did not reach
        if is_dateline(block.text):
            found = written_date(block.text)
            if found:
                return found
    return None


def _published_candidates(
    markup: list[tuple[datetime, str]],
    url: str | None,
    feed_published: datetime | None,
    page: Page | None,
    titles: list[str] | None = None,
    date_line: datetime | None = None,
) -> Iterator[tuple[datetime | None, str]]:
    """(date, source) by rank: markup, URL, feed, visible text (read only if it comes to that)."""
    yield from markup
    yield url_date(url), "url"
    yield feed_published, "feed"
    yield date_line, "text"
    if page is not None:
        yield visible_date(page, titles or []), "text"


def _set_published(article: Article, ranked: Iterator[tuple[datetime | None, str]]) -> None:
    """The first plausible date of ``ranked`` (not in the future, not a placeholder)."""
    for value, source in ranked:
        value = plausible_date(value)
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

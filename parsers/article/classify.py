"""What kind of page this is: an article, or one of the non-articles the warehouse records apart;
and whether an article's text is only the teaser of a story kept for subscribers.

Signals are the page's own words (title, headings, short texts) and its shape (how much of its
text is prose and how much is links). Word lists cover the messages that anti-bot services,
consent managers, paywalls and 404 templates actually print; they are matched only on pages whose
article text is short, so an article *about* cookies or captchas stays an article.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from parsers.article.text.html_blocks import Page, text_chars
from parsers.article.cards import OfferCards

_CHALLENGE = re.compile(
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|"
    r"attention required!? \| cloudflare|verify(?:ing)? (?:that )?you are (?:a )?human|"
    r"enable javascript and cookies to continue|ddos protection by|are you a robot|"
    r"\bcaptcha\b|press (?:&|and) hold|unusual traffic from your computer|access denied|"
    r"request unsuccessful\. incapsula|pardon our interruption",
    re.I,
)
_ERROR = re.compile(
    r"\b404\b.{0,40}(?:error|not found|page)|(?:error|page).{0,20}\b404\b|page (?:was )?not found|"
    r"page (?:you (?:are|were) looking for|you requested) "
    r"(?:could not be found|does(?:n't| not) exist|is(?:n't| not) (?:here|available))|"
    r"(?:this|the) page (?:does(?:n't| not) exist|is no longer available|cannot be found)|"
    r"seite nicht gefunden|page introuvable|página no encontrada|pagina non trovata",
    re.I,
)
_CONSENT = re.compile(
    r"\bcookies?\b.{0,200}\b(?:consent|accept|agree|partners|privacy)|"
    r"\b(?:consent|accept|agree)\b.{0,200}\bcookies?\b|we value your privacy|"
    r"before you continue|manage (?:your )?(?:privacy|cookie) (?:settings|preferences)",
    re.I | re.S,
)
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|to (?:continue|keep) reading,? (?:please )?"
    r"(?:subscribe|log ?in|sign in)|already a subscriber\?? ?(?:sign|log) ?in|"
    r"this (?:article|content|story) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members)|"
    r"subscribers? only|for unlimited access|read the full (?:article|story) (?:with|by subscribing)|"
    r"become a (?:subscriber|member) to read",
    re.I,
)
_INDEX_URL = re.compile(
    r"/(?:tag|tags|category|categories|topic|topics|section|sections|archive|author|page|collections|hub|shop)/",
    re.I,
)
# Article URLs: a dated path, a long numeric id, or a slug of several words.
_ARTICLE_URL = re.compile(r"/(?:19|20)\d{2}/\d{1,2}/|\d{6,}|[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.I)
# Section fronts: one or two short word-only path segments.
_SECTION_URL = re.compile(r"^/?(?:[a-z]+(?:-[a-z]+)?/?){1,2}$", re.I)
_INDEX_TYPES = ("CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "OfferCatalog")

SHORT_TEXT = 1200  # article text below this many characters may be a stub page
MIN_TEXT = 80  # below this there is no article at all
TINY_PAGE = 300  # a page with less text than this is all message, no content
_HEADINGS = frozenset(("h1", "h2", "h3"))
_LINKED_HEADING_TAGS = frozenset(("h2", "h3", "h4"))  # teaser headlines on a section front
_MIN_TEASERS = 3
_MIN_OFFER_CARDS = 4  # priced cards outside the text found
_MANY_OFFER_CARDS = 8  # priced cards anywhere, when they outnumber the paragraphs
_FEW_LINK_BLOCKS = 50  # a site root with fewer link blocks is no hub of links
_MANY_HEADLINES = 10  # linked headlines that outnumber the paragraphs on a tag/category URL
# Parameters that analytics and ad platforms append; they do not name a page.
_TRACKING_PARAM = re.compile(r"utm_\w+|gclid|fbclid|msclkid|srsltid|mc_[ce]id|ref|_ga", re.I)
_TEASER_WALL = 10  # this many teaser cards outweigh a site-wide og:type article
_PARAGRAPHS_PER_OFFER = 4  # a store's plain priced cards come at least one per this many paragraphs


def classify_page(
    page: Page,
    text: str,
    *,
    url: str | None,
    title: str | None,
    jsonld_types: set[str],
    og_type: str | None,
    offers: OfferCards = OfferCards(),
) -> str:
    """One of ``records.PAGE_TYPES``. ``offers`` counts the priced item cards of the page's grids
    (``cards.offer_cards``)."""
    page_chars = text_chars(page.blocks)
    if page_chars == 0 and not text:
        return "empty"
    head = f"{title or ''}\n" + "\n".join(b.text for b in page.blocks[:60])
    headings = f"{title or ''}\n" + "\n".join(b.text for b in page.blocks if b.tag in _HEADINGS)
    if len(text) < SHORT_TEXT and (
        _CHALLENGE.search(headings) or (page_chars < TINY_PAGE and _CHALLENGE.search(head))
    ):
        return "challenge"
    if len(text) < SHORT_TEXT and (_ERROR.search(headings) or _ERROR.search(text[:300])):
        return "error"
    # Listings first: a section front with a cookie banner is still a section front.
    stated_article = _article_markup(page, text, url, jsonld_types, og_type, offers)
    if not stated_article and _is_listing(page, text, url, jsonld_types, og_type, offers):
        return _listing_type(url)
    if len(text) < MIN_TEXT * 4 and _CONSENT.search(head + "\n" + text):
        return "consent"
    if len(text) < MIN_TEXT:
        return "empty" if page_chars < MIN_TEXT * 4 else _listing_type(url)
    return "article"


def is_teaser(page: Page, text: str, paywalled: bool) -> bool:
    """The article text found is the teaser of a story kept for subscribers.

    Such an article is still stored (a monitoring archive must know the story ran), flagged so that
    nobody reads the teaser as the story. ``paywalled`` is the page's own statement (schema.org
    ``isAccessibleForFree: false``): it says who may read the story, not how much of it the HTML
    carries. Publishers print it on premium stories served whole, so with it only a stub of text
    found is a teaser. A subscription prompt printed on the page says the text was cut, so it holds
    for longer texts. A plain login prompt ("Already have an account? Sign in") is no paywall:
    forums and comment boxes print it above full threads.
    """
    if len(text) >= SHORT_TEXT * 2:
        return False
    return (paywalled and len(text) < SHORT_TEXT) or bool(_PAYWALL.search("\n".join(b.text for b in page.blocks)))


def _article_markup(
    page: Page, text: str, url: str | None, jsonld_types: set[str], og_type: str | None, offers: OfferCards
) -> bool:
    """The page states it is an article: a JSON-LD Article or Posting, or ``og:type`` article.

    ``og:type`` article is weaker: SEO plugins print it on every page of a site, so it does not
    hold against a JSON-LD page type of a listing, a tag/category-style URL, a wall of teaser
    cards holding far more prose than the text found, or a store's grid of priced cards.
    """
    if _article_type(jsonld_types):
        return True
    if og_type != "article":
        return False
    return not (
        any(t in jsonld_types for t in _INDEX_TYPES)
        or _INDEX_URL.search(_url_path(url))
        or _teaser_wall(page, text)
        or _store_grid(offers, _prose_blocks(page))
    )


def _article_type(jsonld_types: set[str]) -> bool:
    return any("Article" in t or "Posting" in t for t in jsonld_types)


def _teaser_wall(page: Page, text: str) -> bool:
    return page.teasers >= _TEASER_WALL and page.teaser_prose > 2 * len(text)


def _prose_blocks(page: Page) -> int:
    return sum(1 for b in page.blocks if len(b.text) >= 150 and b.link_density < 0.3)


def _store_grid(offers: OfferCards, prose_blocks: int) -> bool:
    """A store's category page, however long its buying advice: a grid of priced cards apart from
    the text found, or more priced cards than paragraphs. A review that prices its picks keeps
    them inside its text, between many more paragraphs."""
    return offers.outside >= _MIN_OFFER_CARDS or (
        offers.anywhere >= _MANY_OFFER_CARDS and offers.anywhere > prose_blocks
    )


def _plain_offer_grid(offers: OfferCards, prose_blocks: int) -> bool:
    """A store's grid of plain priced cards (a name, a price, a button), however much buying advice
    comes with it: many of them, at least one per four paragraphs. Judged only on pages without
    article markup: a marked review keeps its priced picks, and an unmarked review's short list of
    prices stands among many more paragraphs."""
    return offers.plain >= _MANY_OFFER_CARDS and offers.plain * _PARAGRAPHS_PER_OFFER >= prose_blocks


def _url_path(url: str | None) -> str:
    try:
        return urlsplit(url).path if url else ""
    except ValueError:  # a malformed URL tells nothing about the page
        return ""


def _is_homepage(url: str | None) -> bool:
    """The site root, without a query but for tracking parameters: "/?p=123" and "/index.php?id=7"
    are articles on many CMSs, "/?utm_source=x" is the root."""
    if not url:
        return False
    try:
        query = urlsplit(url).query
    except ValueError:
        return False
    if any(not _TRACKING_PARAM.fullmatch(key) for key, _ in parse_qsl(query, keep_blank_values=True)):
        return False
    return _url_path(url).strip("/") in ("", "index.html", "index.php")


def _listing_type(url: str | None) -> str:
    return "homepage" if _is_homepage(url) else "index"


def _is_listing(
    page: Page, text: str, url: str | None, jsonld_types: set[str], og_type: str | None, offers: OfferCards
) -> bool:
    """Many links and little prose of its own: a homepage, section front, tag or archive page.

    A story-like URL (a slug, a date, an id) needs stronger evidence: calling an article a
    listing loses it, while the opposite mistake only stores a listing. A page that states no
    article type at all (no JSON-LD Article, no og:type article) is a store's listing if it shows
    a grid of plain priced cards, whatever its URL.
    """
    link_blocks = sum(1 for b in page.blocks if b.link_density > 0.5)
    if any(t in jsonld_types for t in _INDEX_TYPES) or og_type == "profile":  # a person's page lists their work
        return True
    if _is_homepage(url):
        # A root with few links and one long text is a one-post blog or a one-page site.
        return link_blocks >= _FEW_LINK_BLOCKS or len(text) < SHORT_TEXT or page.teasers > _MIN_TEASERS
    prose_blocks = _prose_blocks(page)
    unmarked = og_type != "article" and not _article_type(jsonld_types)
    if unmarked and _plain_offer_grid(offers, prose_blocks):
        return True
    path = _url_path(url)
    # Teaser cards holding much more prose than the "article" found: the page is their list.
    teaser_list = page.teasers >= _MIN_TEASERS and page.teaser_prose > 2 * len(text)
    if _ARTICLE_URL.search(path):
        if _INDEX_URL.search(path) and teaser_list:
            return True
        return link_blocks >= 25 and prose_blocks < 2 and len(text) < SHORT_TEXT / 4
    if _store_grid(offers, prose_blocks):
        return True
    linked_headings = sum(1 for b in page.blocks if b.tag in _LINKED_HEADING_TAGS and b.link_density > 0.8)
    headline_list = linked_headings >= _MANY_HEADLINES and linked_headings >= prose_blocks
    link_chars = sum(b.link_chars for b in page.blocks)
    link_heavy = link_chars > 2 * len(text)
    if _INDEX_URL.search(path) and (prose_blocks < 8 or teaser_list or headline_list or link_heavy):
        return True
    # A section front ("/politics/"); without article markup, teasers holding more prose than the text found.
    unmarked_teasers = unmarked and page.teasers >= _TEASER_WALL and page.teaser_prose > len(text)
    if _SECTION_URL.match(path) and (teaser_list or unmarked_teasers or (linked_headings and prose_blocks < 3)):
        return True
    return link_blocks >= 25 and link_heavy and prose_blocks < 6

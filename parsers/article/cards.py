"""Offer cards: the repeated, priced item cards of a store's category or search page.

A store lists its products as sibling elements of one shape (same tag, same class), each a small
card with a link and a price. Such a grid standing apart from the text the extractor found says
the page is the list of those offers, however long the buying advice beside it: an article that
reviews products keeps its priced picks inside its own text, between its paragraphs. A store's
card is *plain* (a name, a price, a button); a review's pick card often holds a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter
from typing import NamedTuple

from lxml import etree

_PRICE = re.compile(
    r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF)\b)\s?\d|\d[\d.,\s]*(?:[€£₹]|\b(?:USD|EUR|GBP|CHF|kr|zł|Kč)\b)"
)
_MIN_SIBLINGS = 4  # fewer same-shaped siblings are a layout, not a grid
_CARD_CHARS = 1000  # a card is a name, a price and a button, not a paragraph of text
_PARAGRAPH_CHARS = 150  # a card with a paragraph this long is a review's pick, not a store's card
_DIGIT = re.compile(r"\d")


class OfferCards(NamedTuple):
    """Priced cards in the page's largest grid of same-shaped siblings."""

    anywhere: int = 0  # priced cards in the largest priced grid
    outside: int = 0  # in the largest grid lying outside the element the text came from
    plain: int = 0  # priced cards without a paragraph of prose in the largest priced grid


def offer_cards(root: etree._Element, article: etree._Element | None) -> OfferCards:
    """Count the priced cards of the largest grids, anywhere and outside ``article``.

    ``article`` is the element the text came from (None: the whole page, so no grid is outside).
    """
    anywhere = outside = plain = 0
    body = root.find("body")
    # The body's grids: the head's runs of <meta>, <link> and <script> are no cards (a fifth of
    # the look-ups on ScrapingHub's pages).
    for parent in (root if body is None else body).iter():
        if len(parent) < _MIN_SIBLINGS or not isinstance(parent.tag, str):
            continue
        children = [child for child in parent if isinstance(child.tag, str)]
        shapes = [(child.tag, child.get("class")) for child in children]
        shape, count = max(Counter(shapes).items(), key=itemgetter(1)) if shapes else ((None, None), 0)
        if count < _MIN_SIBLINGS or count <= min(anywhere, outside):
            continue
        offers = [child for child, form in zip(children, shapes) if form == shape and _is_offer(child)]
        priced = len(offers)
        if priced > anywhere:
            plain = sum(1 for card in offers if not _has_paragraph(card))
        anywhere = max(anywhere, priced)
        if article is not None and not _within(parent, article):
            outside = max(outside, priced)
    return OfferCards(anywhere, outside, plain)


def _within(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(node is ancestor for node in element.iterancestors()) or element is ancestor


def _text(element: etree._Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _all_text(element: etree._Element) -> str:
    """The element's text, joined in C (a third faster than an XPath ``string()``)."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def _is_offer(card: etree._Element) -> bool:
    # Every price has a digit: most cards (menus, link lists) have none, and this look is cheap.
    if not _DIGIT.search(_all_text(card)) or not any(a.get("href") is not None for a in card.iterdescendants("a")):
        return False
    text = _text(card)
    return len(text) <= _CARD_CHARS and _PRICE.search(text) is not None


def _has_paragraph(card: etree._Element) -> bool:
    return any(len(_text(p)) >= _PARAGRAPH_CHARS for p in card.iter("p"))

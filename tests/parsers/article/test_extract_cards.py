"""Offer cards: the priced, same-shaped item cards of a store grid (parsers.article.cards)."""

from __future__ import annotations

from parsers.article.cards import OfferCards, offer_cards
from parsers.article.text.html_blocks import parse_html


def _cards(n: int, price: str = "$24.99") -> str:
    return "".join(
        f"<li class='card'><a href='/p/{i}'><img src='/{i}.jpg' alt=''>Item {i}</a><span>{price}</span></li>"
        for i in range(n)
    )


def _count(html: str, article_xpath: str | None = "//div[@id='text']") -> OfferCards:
    root = parse_html(f"<html><body>{html}<div id='text'><p>Some text.</p></div></body></html>")
    return offer_cards(root, root.xpath(article_xpath)[0] if article_xpath else None)


def test_a_grid_beside_the_text_counts_anywhere_and_outside():
    assert _count(f"<ul>{_cards(6)}</ul>") == OfferCards(anywhere=6, outside=6, plain=6)


def test_a_grid_inside_the_text_is_not_outside():
    html = f"<div id='text'><ul>{_cards(6)}</ul></div>"
    root = parse_html(f"<html><body>{html}</body></html>")
    assert offer_cards(root, root.xpath("//div[@id='text']")[0])[:2] == (6, 0)


def test_no_article_element_means_nothing_is_outside():
    assert _count(f"<ul>{_cards(6)}</ul>", article_xpath=None)[:2] == (6, 0)


def test_prices_in_other_currencies_and_orders():
    assert _count(f"<ul>{_cards(5, '29,90 €')}</ul>").outside == 5
    assert _count(f"<ul>{_cards(5, 'EUR 29.90')}</ul>").outside == 5
    assert _count(f"<ul>{_cards(5, '349 kr')}</ul>").outside == 5


def test_cards_without_a_price_a_link_or_with_long_text_are_not_offers():
    assert _count(f"<ul>{_cards(6, 'Free')}</ul>").anywhere == 0
    unlinked = "".join(f"<li class='card'>Item {i} <span>$5</span></li>" for i in range(6))
    assert _count(f"<ul>{unlinked}</ul>").anywhere == 0
    essay = "".join(f"<li class='card'><a href='/{i}'>Item</a> $5 {'word ' * 300}</li>" for i in range(6))
    assert _count(f"<ul>{essay}</ul>").anywhere == 0


def test_fewer_than_four_siblings_are_no_grid():
    assert _count(f"<ul>{_cards(3)}</ul>").anywhere == 0


def test_priced_cards_holding_a_paragraph_are_not_plain():
    picks = "".join(f"<li class='card'><a href='/p/{i}'>Item {i}</a> $5 <p>{'word ' * 40}</p></li>" for i in range(6))
    cards = _count(f"<ul>{picks}</ul>")
    assert (cards.anywhere, cards.plain) == (6, 0)


"""Pages nested deeper than libxml2's default limit (256) keep their body."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article

BODY = "".join(
    f"<p>Paragraph {i} of the harbour story, long enough to count as the article's own prose.</p>"
    for i in range(8)
)


def _page(opening: str) -> bytes:
    return (
        "<html><head><title>Harbour</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"{opening}<article><h1>Harbour</h1>{BODY}</article></body></html>"
    ).encode()


@pytest.mark.parametrize("tag", ["span", "b", "font", "em"])
def test_300_unclosed_inline_tags_before_the_article(tag):
    article = extract_article(_page(f"<{tag}>" * 300), "https://news.example/harbour")
    assert article.page_type == "article"
    assert [f"Paragraph {i} of" in article.text for i in range(8)] == [True] * 8
    assert "Sport" not in article.text


@pytest.mark.parametrize("opening", ["<div>" * 300, "<span>" * 1500, "<i>" * 20000, "<div>" * 5000])
def test_any_depth_is_an_article_or_nothing_never_an_error(opening):
    article = extract_article(_page(opening), "https://news.example/harbour")
    assert "Sport" not in article.text

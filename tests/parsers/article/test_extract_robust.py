"""Whatever a crawler fetches, extraction returns an Article and never raises."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article

ARTICLE = "<p>" + "Enough words in a row to count as a paragraph of an article. " * 5 + "</p>"


def _page(head: str) -> str:
    return f"<html><head>{head}</head><body>{ARTICLE}</body></html>"


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (_page("<meta property='og:image' content='http://[broken/x.png'>"), "https://a.example/x"),
        (_page("<link rel='canonical' href='/x'>"), "http://[::1"),
        (f"<?xml version='1.0' encoding='utf-8'?><html><body>{ARTICLE}</body></html>", None),
        ("<div>" * 3000 + ARTICLE + "</div>" * 3000, None),
        (_page("<script type='application/ld+json'>{not json</script>"), None),
        (_page("<script type='application/ld+json'>[1, \"x\", null]</script>"), None),
        (_page("<meta property='article:published_time' content='yesterday-ish'>"), None),
        ("<table><tr><td>a<td>b</table><p>unclosed", "https://a.example/"),
        (b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", None),  # UTF-16 with a BOM
    ],
)
def test_odd_input_gives_an_article(html, url):
    article = extract_article(html, url)
    assert article.page_type in ("article", "empty", "homepage", "index")
    assert isinstance(article.text, str)

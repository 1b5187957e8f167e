"""Undeclared encodings: UTF-16 without a BOM, and short windows-1252 pages."""

from __future__ import annotations

import pytest

from parsers.article.encoding import decode_html
from parsers.article.extract import extract_article

PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    + "".join(f"<p>Paragraph {i}: the harbour reopened after the long winter repairs.</p>" for i in range(5))
    + "</article></body></html>"
)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=iso-8859-1"])
def test_utf16_without_bom_or_declaration(codec, content_type):
    data = PAGE.encode(codec)
    assert decode_html(data, content_type) == PAGE
    article = extract_article(data, "https://news.example/harbour", content_type=content_type)
    assert article.title == "Harbour reopens" and "Paragraph 4: the harbour" in article.text


@pytest.mark.parametrize(
    "text",
    [
        "<p>Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u2013 d\u00e9j\u00e0 vu \u201cna\u00efve\u201d</p>",
        "<html><body><p>Le caf\u00e9 est ferm\u00e9 \u00e0 midi.</p></body></html>",
        "<p>Gr\u00fc\u00dfe aus M\u00fcnchen, sch\u00f6ne Stra\u00dfe \u2013 \u201eja\u201c</p>",
    ],
)
def test_short_undeclared_windows_1252(text):
    assert decode_html(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "text",
    [
        "<p>P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy</p>",
        "<p>Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. W\u0142adys\u0142aw \u015bpiewa\u0142.</p>",
    ],
)
def test_undeclared_central_european_stays_windows_1250(text):
    assert decode_html(text.encode("cp1250")) == text

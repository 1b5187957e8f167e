"""The helpers that make extraction cheaper must say exactly what the slower code they replace said."""

from __future__ import annotations

import re

import pytest

from parsers.article.body_elements import BodyElements
from parsers.article.boilerplate import is_boilerplate_line
from parsers.article.html_blocks import _collapse_space, parse_html
from parsers.article.page_dates import _short_text


@pytest.mark.parametrize(
    "line",
    ["  a \t b\n", "\u200ba\u200b\u200bb\u200b", "a\xa0\u2003b\u3000", "\x1c a \x1f", "", "   ", "one"],
)
def test_collapse_space_is_the_regex_it_replaced(line):
    assert _collapse_space(line) == re.sub(r"[\s\u200b]+", " ", line).strip()


def test_short_text_gives_up_past_its_limit_and_otherwise_joins_the_words():
    el = parse_html("<html><body><div> Posted <b>May 6,</b>\n2025 </div></body></html>").find(".//div")
    assert _short_text(el, 80) == "Posted May 6, 2025"
    assert _short_text(el, 18) == "Posted May 6, 2025"  # exactly at the limit
    assert _short_text(el, 17) == ""


def test_body_elements_lists_the_body_in_document_order_with_attributes():
    root = parse_html(
        "<html><head><meta name='a' content='b'></head><body class='page'>"
        "<div id='top' class='wrap'><span itemprop='author'>Ana</span></div><p>x</p></body></html>"
    )
    body = BodyElements(root)
    assert body.tags == ["div", "span", "p"]
    assert body.classes == ["wrap", "", ""]
    assert body.ids == ["top", "", ""]
    assert body.itemprops == ["", "author", ""]
    assert body.parent_classes == ["page", "wrap", "page"]
    assert body.first("p") == 2 and body.first("h1") is None


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Tags: buses, ferries", True),  # a rule that holds from the start
        ("The buses are tagged: ferries", False),  # ... and only there
        ("Copyright 2020. All rights reserved.", True),  # a rule that holds anywhere
        ("Sign up for our daily newsletter", True),
        ("Read more", True),
        ("You can read more about the ferry in the report.", False),
    ],
)
def test_line_rules_from_the_start_and_anywhere(line, furniture):
    assert is_boilerplate_line(line) is furniture

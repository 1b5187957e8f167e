"""The helpers that make extraction cheaper must say exactly what the slower code they replace said."""

from __future__ import annotations

import random
import re

import pytest
from lxml import etree

from parsers.article.metadata.body_elements import BodyElements
from parsers.article.text.boilerplate import is_boilerplate_line
from parsers.article.text import html_blocks as hb
from parsers.article.cards import _all_text
from parsers.article.text.html_blocks import _collapse_space, class_verdict, hint_class, parse_html, walk
from parsers.article.encoding import decode_html
from parsers.article.metadata.language import _ANY_SCRIPT, _STOPSETS, detect_language
from parsers.article.mojibake import _BYTE_OF, _CONT, _RUN
from parsers.article.metadata.page_dates import _short_text


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


@pytest.mark.parametrize(
    ("classes", "ident"),
    [
        ("entry-content has-sidebar", "comments"),  # a positive class outweighs a negative id
        ("post has-comments", None),  # "has-..." names a part the element holds, not itself
        ("wrap", "share-bar"),  # a negative id
        ("col ad", "main"),  # a negative token
        (None, "article-body"),  # a positive id
        ("ARTICLE-BODY", "x"),  # case does not matter
        ("", "nav"),
        ("card", None),
    ],
)
def test_hint_class_judges_class_and_id_apart_as_the_joined_string_was(classes, ident):
    attrs = "".join(f" {name}='{value}'" for name, value in (("class", classes), ("id", ident)) if value is not None)
    el = parse_html(f"<html><body><div{attrs}>x</div></body></html>").find(".//div")
    class_hint = class_verdict(classes)[1] if classes else 0
    assert hint_class(el, class_hint) == _joined_hint(f"{classes or ''} {ident or ''}")


def _joined_hint(attrs: str) -> int:
    """The hint as it was computed before: one look at the joined class and id string."""
    attrs = hb._HAS_PART.sub(" ", attrs.lower())
    if hb._POSITIVE.search(attrs):
        return 1
    if hb._NEGATIVE_SUBSTRINGS.search(attrs):
        return -1
    return -1 if not hb._NEGATIVE_TOKENS.isdisjoint(hb._TOKEN_SPLIT.split(attrs)) else 0


@pytest.mark.parametrize(
    "classes",
    ["btn tooltip-trigger", "Visually-Hidden", "sr-only nav", "menu\tscreen-reader-text", "card", "x-sr-onlyish"],
)
def test_class_verdict_finds_hidden_ui_token_by_token_as_in_the_whole_string(classes):
    assert class_verdict(classes)[0] is bool(hb._HIDDEN_UI.search(classes))


def test_mojibake_run_pattern_matches_what_the_three_way_choice_matched():
    three_way = re.compile(f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}")
    alphabet = [*_BYTE_OF, *"ab \u00e9\u00c2\u00c3\u00e2\u00f0\u00f4\u00f5"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(24))
        assert _RUN.findall(text) == three_way.findall(text), text


def test_language_counts_stop_words_as_the_word_by_word_count_did():
    text = "the cat and the dog of the house " * 5 + "der Hund und die Katze " * 3
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", text)]
    by_word = {lang: sum(w in stops for w in words) for lang, stops in _STOPSETS.items()}
    assert by_word["en"] == 15 + 5 + 5  # the cat and the dog of the house: the x3, and, of
    assert detect_language(text) == max(by_word, key=by_word.get) == "en"


def test_card_text_is_the_xpath_string_value_without_the_tail():
    el = parse_html("<html><body><li>Mug <b>$1<i>2</i></b><!-- c --> <a href='/x'>buy</a></li>tail</body></html>").find(
        ".//li"
    )
    assert _all_text(el) == etree.XPath("string()")(el) == "Mug $12 buy"


def test_decode_html_returns_the_text_its_utf8_check_decoded():
    data = "<html><head><meta charset='utf-8'></head><body><p>café ✓ naïve</p></body></html>".encode() * 3
    assert decode_html(data) == data.decode("utf-8")
    truncated = data + b"\xe2\x82"  # a broken last character: still UTF-8 as declared
    assert decode_html(truncated) == truncated.decode("utf-8", errors="replace")
    undeclared = data.replace(b"charset='utf-8'", b"")
    assert decode_html(undeclared) == undeclared.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "language"),
    [("Это короткий текст о погоде в городе и о людях " * 4, "ru"), ("Ένα κείμενο για τον καιρό " * 6, "el")],
)
def test_language_scripts_are_still_counted_after_the_one_scan(text, language):
    assert _ANY_SCRIPT.search(text) and detect_language(text) == language
    assert _ANY_SCRIPT.search("The weather in the city, “today” — café") is None


def test_walk_reads_hiding_and_hint_attributes_only_where_the_element_has_them():
    root = parse_html(
        "<html><body><div itemprop='articleBody'><p>Kept <span aria-hidden='true'>icon</span>text.</p>"
        "<p hidden>Hidden paragraph.</p><p style='color: red; display: none'>Styled away.</p>"
        "<p class='lead'>Lead <span class='sr-only'>(screen reader)</span>line.</p>"
        "<div id='share-tools'><p>Share this</p></div><p class='x' style='color: blue'>Shown.</p></div>"
        "</body></html>"
    )
    page = walk(root)
    assert [b.text for b in page.blocks] == ["Kept text.", "Lead line.", "Share this", "Shown."]
    assert [bool(b.neg_depths) for b in page.blocks] == [False, False, True, False]  # the id's hint
    article = next(c for c in page.containers if c.element.tag == "div" and c.semantic)
    assert article.hint == 1 and article.start == 0 and article.end == 4

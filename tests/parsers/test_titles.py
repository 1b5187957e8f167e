"""Choosing the article title among the <h1>s and head titles a page states."""

from __future__ import annotations

import json

from parsers.extract import extract_article
from parsers.titles import choose_title, site_names, strip_site_affix

BODY = (
    "<p>The harbour authority confirmed on Monday that the old ferry terminal will be turned into a "
    "public market hall, with the first stalls opening in the spring of next year.</p>"
    "<p>The conversion will cost twelve million euros, most of it from a regional fund for the "
    "renewal of waterfront areas, and will keep the listed facade of the 1912 building.</p>"
)
URL = "https://www.harbourtimes.example/news/ferry-terminal"


def _title(head: str, body: str = "") -> str | None:
    html = f"<html><head>{head}</head><body>{body}<article>{BODY}</article></body></html>"
    return extract_article(html, URL).title


def test_the_visible_h1_wins_over_an_seo_headline_when_a_head_title_confirms_it():
    head = (
        "<script type='application/ld+json'>"
        + json.dumps({"@type": "NewsArticle", "headline": "Ferry terminal market hall: costs, dates, stalls"})
        + "</script><meta property='og:title' content='Ferry terminal becomes a market hall - Harbour Times'>"
        "<title>Ferry terminal becomes a market hall - Harbour Times</title>"
    )
    assert _title(head, "<h1>Ferry terminal becomes a market hall</h1>") == "Ferry terminal becomes a market hall"


def test_a_dash_or_colon_inside_the_title_is_kept():
    head = (
        "<meta property='og:site_name' content='Harbour Times'>"
        "<title>Harbour Times - Ferry terminal: a market hall - at last | Harbour Times</title>"
    )
    assert _title(head) == "Ferry terminal: a market hall - at last"
    # Without anything naming the site, a dash part is never dropped on a guess.
    head = "<title>Ferry terminal becomes a market hall - Opening in spring</title>"
    assert _title(head) == "Ferry terminal becomes a market hall - Opening in spring"


def test_a_logo_h1_naming_the_site_is_not_the_title():
    head = "<meta property='og:site_name' content='Harbour Times'><title>Market hall opens | Harbour Times</title>"
    body = "<header><h1>Harbour Times</h1></header><h1>Market hall opens</h1>"
    assert _title(head, body) == "Market hall opens"
    # A logo <h1> that is a head title's affix is not confirmed by it either: the host names the site.
    head = "<title>Ferry terminal becomes a public market hall - Harbour Times</title>"
    assert _title(head, "<header><h1>Harbour Times</h1></header>") == "Ferry terminal becomes a public market hall"


def test_a_head_title_cut_short_confirms_the_full_h1():
    head = "<meta property='og:title' content='Ferry terminal becomes a market hall as the city | Harbour Times'>"
    body = "<h1>Ferry terminal becomes a market hall as the city approves the plan</h1>"
    assert _title(head, body) == "Ferry terminal becomes a market hall as the city approves the plan"


def test_the_head_title_the_others_agree_with_wins_without_an_h1():
    head = (
        "<script type='application/ld+json'>"
        + json.dumps({"@type": "NewsArticle", "headline": "Terminal conversion"})
        + "</script><meta property='og:title' content='Ferry terminal becomes a market hall'>"
        "<title>Ferry terminal becomes a market hall | Harbour Times</title>"
    )
    assert _title(head) == "Ferry terminal becomes a market hall"


def test_site_affixes():
    site = site_names(["World Future Awards"], "https://www.worldfutureawards.example/x")
    assert strip_site_affix("Top 100 companies of 2025 | WFA", site) == "Top 100 companies of 2025"
    assert strip_site_affix("worldfutureawards.example Top 100 companies", site) == "Top 100 companies"
    assert strip_site_affix("Futures: Top 100 companies", site) == "Futures: Top 100 companies"
    site = site_names([], "https://www.fool.example/investing/")
    assert strip_site_affix("Best cloud stocks of 2025 | The Motley Fool", site) == "Best cloud stocks of 2025"
    assert choose_title([], [None, None], site) == (None, [])

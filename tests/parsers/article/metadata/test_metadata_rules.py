"""The metadata rules: title among the <h1>s and head titles, authors (persons before outlets, several
per string, no credits), published dates in the page's own zone."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from parsers.article.metadata.authors import clean_author
from parsers.article.metadata.body_elements import BodyElements
from parsers.article.metadata.dates import parse_date, text_date
from parsers.article.extract import extract_article
from parsers.article.text.html_blocks import parse_html
from parsers.article.metadata.page_dates import headline_date, marked_date
from parsers.article.metadata.titles import choose_title, site_names, strip_site_affix

BODY = (
    "<p>The harbour authority confirmed on Monday that the old ferry terminal will be turned into a "
    "public market hall, with the first stalls opening in the spring of next year.</p>"
    "<p>The conversion will cost twelve million euros, most of it from a regional fund for the "
    "renewal of waterfront areas, and will keep the listed facade of the 1912 building.</p>"
)
URL = "https://www.harbourtimes.example/news/ferry-terminal"


def _article(head: str = "", body: str = ""):
    html = f"<html><head>{head}</head><body><h1>Ferry terminal</h1>{body}<article>{BODY}</article></body></html>"
    return extract_article(html, URL)


def _jsonld(obj: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


def _title(head: str, body: str = "") -> str | None:
    html = f"<html><head>{head}</head><body>{body}<article>{BODY}</article></body></html>"
    return extract_article(html, URL).title


def test_the_visible_h1_wins_over_an_seo_headline_when_a_head_title_confirms_it():
    head = (
        _jsonld({"@type": "NewsArticle", "headline": "Ferry terminal market hall: costs, dates, stalls"})
        + "<meta property='og:title' content='Ferry terminal becomes a market hall - Harbour Times'>"
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
    # Nothing names the site, and the headline is as short as the site's name: of the two <h1>s the
    # head title confirms, the longer is the headline.
    head = "<title>Market hall opens | The Harbour</title>"
    assert _title(head, "<header><h1>The Harbour</h1></header><h1>Market hall opens</h1>") == "Market hall opens"


def test_a_headlines_line_breaks_are_spaces_and_its_date_is_not_part_of_it():
    head = "<title>Weekend coding agent | Harbour Times</title>"
    assert _title(head, "<h1>WEEKEND<br>CODING<br><span>AGENT</span></h1>") == "WEEKEND CODING AGENT"
    head = "<title>Preparing a transition in the ferry schedule</title>"
    body = (
        "<h1><a href='/p'><time datetime='2025-12-18'>Dec <span>18</span> 2025</time> "
        "Preparing a transition in the ferry schedule</a></h1>"
    )
    assert _title(head, body) == "Preparing a transition in the ferry schedule"


def test_an_h1s_short_pipe_parts_are_labels_not_title():
    head = "<title>Meditation changes the brain, a study finds | Opinion | Harbour Times</title>"
    body = "<h1>Meditation changes the brain, a study finds | Opinion</h1>"
    assert _title(head, body) == "Meditation changes the brain, a study finds"


def test_an_affix_with_the_start_of_the_sites_name_is_the_site():
    head = (
        "<meta property='og:site_name' content='Harbour Internet Marketing Agency'>"
        "<title>Website design portfolio | Harbour Internet Marketing</title>"
    )
    assert _title(head) == "Website design portfolio"


def test_a_head_title_cut_short_confirms_the_full_h1():
    head = "<meta property='og:title' content='Ferry terminal becomes a market hall as the city | Harbour Times'>"
    body = "<h1>Ferry terminal becomes a market hall as the city approves the plan</h1>"
    assert _title(head, body) == "Ferry terminal becomes a market hall as the city approves the plan"


def test_the_head_title_the_others_agree_with_wins_without_an_h1():
    head = (
        _jsonld({"@type": "NewsArticle", "headline": "Terminal conversion"})
        + "<meta property='og:title' content='Ferry terminal becomes a market hall'>"
        "<title>Ferry terminal becomes a market hall | Harbour Times</title>"
    )
    assert _title(head) == "Ferry terminal becomes a market hall"


def test_a_visible_h1_on_the_head_titles_subject_wins_over_their_seo_rewrite():
    head = (
        "<meta property='og:title' content='Ferry Terminal Market Hall 2026: Costs and Stalls | Harbour Times'>"
        "<title>Ferry Terminal Market Hall 2026: Costs and Stalls | Harbour Times</title>"
    )
    body = "<h1>The old ferry terminal will become a market hall</h1>"
    assert _title(head, body) == "The old ferry terminal will become a market hall"
    # An <h1> on another subject (a form, a section name) is not the headline.
    assert _title(head, "<h1>Contact us today</h1>") == "Ferry Terminal Market Hall 2026: Costs and Stalls"
    # Nor is a section label that a head title carries as its affix.
    site = site_names(["Harbour Times"], URL)
    heads = [None, "Ferry strike spreads to three ports - World News", None, None]
    assert choose_title(["World News"], heads, site)[0] == "Ferry strike spreads to three ports - World News"


def test_site_affixes():
    site = site_names(["World Future Awards"], "https://www.worldfutureawards.example/x")
    assert strip_site_affix("Top 100 companies of 2025 | WFA", site) == "Top 100 companies of 2025"
    assert strip_site_affix("worldfutureawards.example Top 100 companies", site) == "Top 100 companies"
    assert strip_site_affix("Futures: Top 100 companies", site) == "Futures: Top 100 companies"
    site = site_names([], "https://www.fool.example/investing/")
    assert strip_site_affix("Best cloud stocks of 2025 | The Motley Fool", site) == "Best cloud stocks of 2025"
    assert choose_title([], [None, None], site) == (None, [])


def test_several_authors_in_one_string_and_credits_removed():
    assert clean_author("Ana Lima, Tom Berg and Eva Roe") == ["Ana Lima", "Tom Berg", "Eva Roe"]
    assert clean_author("By Ana Lima & Tom Berg") == ["Ana Lima", "Tom Berg"]
    assert clean_author("Ana Lima (obe)") == ["Ana Lima"]
    assert clean_author("(Image: Getty Images)") == []
    assert clean_author("Dana Roe, MS, RD, FAND") == ["Dana Roe"]
    assert clean_author("Written by Dana Roe Last updated March 3, 2025") == ["Dana Roe"]
    assert clean_author("Maria &amp; Katerina") == ["Maria", "Katerina"]
    assert clean_author("Sun Li, Sat") == ["Sun Li"]


def test_a_person_in_the_byline_wins_over_the_outlet_as_jsonld_author():
    head = _jsonld(
        {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Harbour Times"}}
    ) + "<meta property='og:site_name' content='Harbour Times'>"
    byline = "<div class='article-byline'><span>By</span> <a href='/authors/ana-lima'>Ana Lima</a></div>"
    assert _article(head, byline).authors == ["Ana Lima"]
    # With no person named anywhere, the outlet credited as author is all the page says.
    assert _article(head).authors == ["Harbour Times"]


def test_a_written_by_label_names_the_element_after_it():
    for label in ("Written by", "By", "Author"):
        byline = f"<div><p class='label'>{label}</p><p class='name'>Ana Lima</p></div>"
        assert _article(body=byline).authors == ["Ana Lima"], label
    assert _article(body="<dl><dt>Author:</dt><dd>Ana Lima</dd></dl>").authors == ["Ana Lima"]
    assert _article(body="<div><strong>Contributors:</strong> Ana Lima</div>").authors == ["Ana Lima"]
    # A label followed by something that is not a name gives none.
    assert _article(body="<div><span>By</span><span>signing up you agree</span></div>").authors == []


def test_jsonld_author_references_and_yoast_written_by():
    graph = {
        "@graph": [
            {"@type": "Article", "author": {"@id": "#ana"}},
            {"@type": "Person", "@id": "#ana", "name": "Ana Lima"},
        ]
    }
    assert _article(_jsonld(graph)).authors == ["Ana Lima"]
    head = "<meta name='twitter:label1' content='Written by'><meta name='twitter:data1' content='Tom Berg'>"
    assert _article(head).authors == ["Tom Berg"]


def test_a_byline_box_gives_its_name_not_its_bio():
    box = (
        "<div class='post-author-box'><img alt=''><div>Ana Lima</div>"
        "<p>Ana Lima has covered the harbour, its ferries and its markets for the paper since 2009.</p></div>"
    )
    assert _article(body=box).authors == ["Ana Lima"]


def test_a_byline_box_that_marks_its_names_gives_only_those():
    box = (
        "<div class='post-author-list'><h4 class='post-author-heading'>Insights from</h4>"
        "<div class='post-author'><div class='post-author-name'>Ana Lima</div>"
        "<div class='post-author-title'>Research &amp; Development</div></div>"
        "<div class='post-author'><div class='post-author-name'>Tom Roe</div>"
        "<div class='post-author-title'>Harbour desk</div></div></div>"
    )
    assert _article(body=box).authors == ["Ana Lima", "Tom Roe"]


def test_an_author_s_label_lists_the_names_after_it():
    listing = "<div><h6>Author(s)</h6><ul><li><a href='/lib?a=1'>Ana Lima</a></li><li><a>Tom C. Roe</a></li></ul></div>"
    assert _article(body=listing).authors == ["Ana Lima", "Tom C. Roe"]


def test_a_local_time_is_read_in_the_zone_the_page_states():
    # The meta time has no zone; the page's <time> elements say +02:00.
    head = "<meta property='article:published_time' content='2025-06-01T00:30:00'>"
    body = "<time datetime='2025-06-01T08:00:00+02:00'>8:00</time>"
    article = _article(head, body)
    assert article.published == datetime(2025, 6, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert article.published.date().isoformat() == "2025-06-01"
    # A UTC instant is shown in the page's zone: the same instant, on the page's own day.
    head = "<meta property='article:published_time' content='2025-12-19T02:41:41+00:00'>"
    body = "<time datetime='2025-12-18T21:46:01-05:00'>9:46 pm</time>"
    published = _article(head, body).published
    assert published == datetime(2025, 12, 19, 2, 41, 41, tzinfo=timezone.utc)
    assert published.date().isoformat() == "2025-12-18"
    # A printed zone name counts too.
    head = "<meta property='article:published_time' content='2025-06-01T00:30:00'>"
    assert _article(head, "<p class='when'>1 June 2025, 00:30 CEST</p>").published.utcoffset() == timedelta(hours=2)


def test_visible_dates_in_date_marked_elements_and_written_formats():
    body = "<div class='post-meta'><span class='posted-on'>Posted on April 13, 2023</span></div>"
    assert _article(body=body).published.date().isoformat() == "2023-04-13"
    assert _article(body="<span class='date'>23.07.2025</span>").published.date().isoformat() == "2025-07-23"
    assert parse_date("Oct 31, 2025") == datetime(2025, 10, 31, tzinfo=timezone.utc)
    assert parse_date("2023 Jan 7") == datetime(2023, 1, 7, tzinfo=timezone.utc)
    assert text_date("2/24/2026") == datetime(2026, 2, 24, tzinfo=timezone.utc)
    assert text_date("03/10/2023") is None  # day or month first: not guessed


def test_written_dates_in_other_languages():
    for text in ("publiziert am 30. Juli 2018", "le 1er mars 2025", "14 de marzo de 2025", "3 maggio 2023",
                 "12 março 2024", "5 mei 2022"):
        assert text_date(text) is not None, text
    assert text_date("publiziert am 30. Juli 2018") == datetime(2018, 7, 30, tzinfo=timezone.utc)
    assert text_date("le 1er mars 2025") == datetime(2025, 3, 1, tzinfo=timezone.utc)
    # Short forms that are English words are no months: "5 set 2020" is not a date.
    assert text_date("5 set 2020") is None and text_date("3 out 2021") is None


def test_a_related_posts_date_is_not_the_articles():
    related = "<aside class='sidebar'><ul><li><span class='date'>May 1, 2020</span></li></ul></aside>"
    body = BodyElements(parse_html(f"<html><body><h1>Ferry terminal</h1>{related}{BODY}</body></html>"))
    assert marked_date(body) is None
    assert headline_date(body) is None
    html = f"<html><body><h1>Ferry terminal</h1><p>Posted on May 6, 2025</p>{related}{BODY}</body></html>"
    assert headline_date(BodyElements(parse_html(html))) == datetime(2025, 5, 6, tzinfo=timezone.utc)


def test_layout_classes_around_the_headline_do_not_make_the_articles_date_an_aside():
    # "no-sidebar" on <body>, a "widget" or "card" that also holds the <h1>: the page's layout.
    meta = "<div class='entry-meta'><span class='published-date'>July 3, 2025</span></div>"
    html = (
        f"<html><body class='single no-sidebar'><div class='widget blog'><div class='hero-card'>"
        f"<h1>Ferry terminal</h1>{meta}</div>{BODY}</div></body></html>"
    )
    assert marked_date(BodyElements(parse_html(html))) == datetime(2025, 7, 3, tzinfo=timezone.utc)
    # A card beside the headline's wrapper is still another article's.
    html = f"<html><body><div><h1>Ferry terminal</h1>{BODY}</div><div class='card'>{meta}</div></body></html>"
    assert marked_date(BodyElements(parse_html(html))) is None


def test_the_date_by_the_titles_headline_not_by_a_logo_h1():
    # The site's logo is the first <h1>; the story sits in a "story-sidebar" layout, which is an
    # aside only when seen from the logo.
    html = (
        "<html><head><title>Ferry terminal opens after two years of delays | The Harbour Post</title></head><body>"
        "<header><h1>The Harbour Post</h1></header><main><div class='story-page story-sidebar'>"
        "<h1>Ferry terminal opens after two years of delays</h1><div class='story-date'>May 31, 2024</div>"
        f"<article>{BODY}</article></div></main></body></html>"
    )
    article = extract_article(html, URL)
    assert article.title == "Ferry terminal opens after two years of delays"
    assert (article.published, article.published_source) == (datetime(2024, 5, 31, tzinfo=timezone.utc), "marked")
    # Without the title's headline to anchor on, the logo <h1> decides: the layout reads as an aside.
    assert marked_date(BodyElements(parse_html(html))) is None


def test_a_date_line_after_the_headline_below_a_long_navigation():
    nav = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(60))
    html = (
        "<html><head><title>Ferry terminal opens after two years of delays</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><div class='hero'>"
        "<div class='headline'>Ferry terminal opens after two years of delays</div>"
        f"<p>Luke Kim</p><small>December 17, 2025</small></div><article>{BODY}</article></body></html>"
    )
    article = extract_article(html, URL)
    assert (article.published, article.published_source) == (datetime(2025, 12, 17, tzinfo=timezone.utc), "text")


def test_the_date_by_a_headline_whose_h1_carries_a_label():
    # The title comes from the <h1> without its " | Opinion" label; the date is read by that <h1>.
    html = (
        "<html><head><title>Ferry terminal opens after two years of delays | The Harbour Post</title></head>"
        "<body><header><h1>The Harbour Post</h1></header><main><div class='story-page story-sidebar'>"
        "<h1>Ferry terminal opens after two years of delays | Opinion</h1>"
        f"<div class='story-date'>May 31, 2024</div><article>{BODY}</article></div></main></body></html>"
    )
    article = extract_article(html, URL)
    assert article.title == "Ferry terminal opens after two years of delays"
    assert (article.published, article.published_source) == (datetime(2024, 5, 31, tzinfo=timezone.utc), "marked")


def test_a_publishers_own_published_date_meta_name():
    head = "<meta name='w-published-date' content='2025-05-27T06:03:43Z'>"
    assert _article(head).published == datetime(2025, 5, 27, 6, 3, 43, tzinfo=timezone.utc)
    # The well-known tags rank first.
    head += "<meta property='article:published_time' content='2025-05-26T10:00:00Z'>"
    assert _article(head).published == datetime(2025, 5, 26, 10, tzinfo=timezone.utc)


def test_a_placeholder_date_at_the_edge_of_the_calendar_is_no_date_and_no_crash():
    html = (
        "<html><head><meta property='article:published_time' content='2026-03-02T10:00:00-05:00'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry timetable\","
        " \"dateModified\": \"0001-01-01T00:00:00Z\"}</script></head><body><article><h1>Ferry timetable</h1>"
        + "<p>The ferry runs every hour from the harbour to the island during the summer season.</p>" * 5
        + "</article></body></html>"
    )
    article = extract_article(html.encode(), "https://example.com/news/ferry-timetable")
    assert article.published is not None and article.published.year == 2026
    assert article.modified is None or article.modified.year > 1


def test_an_author_page_link_in_the_site_menu_is_no_byline():
    menu = "<nav><ul><li><a href='/people/faculty'>Our Faculty</a></li><li><a href='/news'>News</a></li></ul></nav>"
    assert _article(body=menu).authors == []
    role_menu = "<div role='navigation'><a href='/people/staff'>Staff Directory</a></div>"
    assert _article(body=role_menu).authors == []
    # The same link in the story's byline still names its author.
    byline = "<p class='meta'>By <a href='/people/ana-lima'>Ana Lima</a></p>"
    assert _article(body=menu + byline).authors == ["Ana Lima"]


def test_a_news_agency_beside_a_name_is_the_outlet_not_an_author():
    assert clean_author("By Mary Lee, The Associated Press") == ["Mary Lee"]
    assert clean_author("Tom Roe and Ana Lima, Harbour News Agency") == ["Tom Roe", "Ana Lima"]
    # Alone, the agency is all the byline says; "The team" is a byline of its own.
    assert clean_author("The Associated Press") == ["The Associated Press"]
    assert clean_author("Ana Lima, The team") == ["Ana Lima", "The team"]


def test_an_older_pages_byline_line_in_a_font_or_table_cell():
    """Table-layout pages print the byline and the date as lines of one <font> or <td>."""
    font = "<table><tr><td><font size='2'>By JOHN SMITH, Staff Writer<br>Published: March 3, 2009</font></td></tr></table>"
    assert _article(body=font).authors == ["JOHN SMITH"]
    long_date_line = "Published March 3, 2009 at 10:42 AM, updated March 4, 2009 at 8:15 AM, with corrections"
    cell = f"<table><tr><td>By Ana Lima<br>{long_date_line}</td></tr></table>"
    assert _article(body=cell).authors == ["Ana Lima"]

"""Page classification: articles, and the non-article pages the warehouse records apart."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article


def _listing(n: int = 30) -> str:
    items = "".join(
        f"<li><a href='/news/story-{i}'>Headline number {i} about the city and its council</a></li>" for i in range(n)
    )
    return f"<html><head><title>Local news</title></head><body><nav><a href='/'>Home</a></nav><ul>{items}</ul></body></html>"


CHALLENGE = """<html><head><title>Just a moment...</title></head><body>
<h1>Checking your browser before accessing example.org.</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds…</p><p>DDoS protection by Cloudflare</p></body></html>"""

CAPTCHA = """<html><head><title>Attention Required</title></head><body>
<h1>Please verify you are a human</h1><p>Complete the captcha below to continue.</p></body></html>"""

ERROR = """<html><head><title>Page not found - The Daily Example</title></head><body>
<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>
<h1>Oops! That page can't be found.</h1>
<p>It looks like nothing was found at this location. Maybe try a search?</p></body></html>"""

CONSENT = """<html><head><title>Before you continue</title></head><body>
<div class='consent'><h1>We value your privacy</h1>
<p>We and our partners use cookies to store and access information on your device.</p>
<button>Accept all</button><button>Manage options</button></div></body></html>"""

PAYWALL = """<html><head><title>Budget talks collapse | The Daily Example</title>
<meta property='og:type' content='article'></head><body><article>
<h1>Budget talks collapse</h1>
<p>Negotiations over the city budget broke down late on Thursday when the two largest parties failed
to agree on the cost of the new tram line, leaving the council without a spending plan.</p>
<div class='paywall'><p>Subscribe now to continue reading. Already a subscriber? Sign in</p></div>
</article></body></html>"""

ARTICLE = """<html><head><title>Tram line approved | The Daily Example</title></head><body>
<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Tram line approved</h1>
<p>The council approved the new tram line on Thursday after a debate that lasted more than six hours
and ended with a narrow vote of 23 to 21 in favour of the eastern route.</p>
<p>Construction is due to start next year and the first trams should run in 2029, the city's
transport department said, adding that the cost estimate has risen to 410 million euros.</p>
<p>Opponents said they would keep fighting the project and might ask for a referendum on it.</p>
</article></body></html>"""


SECTION_FRONT = """<html><head><title>Politics | The Daily Example</title></head><body>
<div id='cookie-consent'><p>We use cookies to run this site and show you relevant advertising. You can
accept all cookies or choose which ones to allow.</p><button>Accept all</button></div>
<h1>Politics</h1><div class='teaser'><h2><a href='/politics/2026/11/20/housing-bill.html'>Housing bill
clears first vote</a></h2><p>The bill would cap rent rises for existing tenants.</p>
<a href='/politics/2026/11/20/housing-bill.html'>Read more</a></div></body></html>"""


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (ARTICLE, "https://daily.example/news/2024/05/tram-line-approved", "article"),
        (_listing(), "https://daily.example/tag/city-council/", "index"),
        (_listing(), "https://daily.example/local", "index"),
        (_listing(), "https://daily.example/", "homepage"),
        (SECTION_FRONT, "https://daily.example/politics/", "index"),  # a cookie banner, yet a listing
        (ERROR, "https://daily.example/news/missing-story", "error"),
        (CONSENT, "https://daily.example/news/some-story", "consent"),
        (PAYWALL, "https://daily.example/news/budget-talks", "paywall"),
        (CHALLENGE, "https://daily.example/news/some-story", "challenge"),
        (CAPTCHA, "https://daily.example/news/some-story", "challenge"),
        ("<html><head><title>x</title></head><body></body></html>", "https://daily.example/a", "empty"),
        ("", "https://daily.example/b", "empty"),
        (b"\x00\x00", "https://daily.example/c", "empty"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 20, "https://daily.example/d.pdf", "empty"),
    ],
)
def test_page_type(html, url, expected):
    assert extract_article(html, url).page_type == expected


def test_paywall_teaser_keeps_its_visible_text():
    article = extract_article(PAYWALL, "https://daily.example/news/budget-talks")
    assert article.text.startswith("Negotiations over the city budget broke down")
    assert "Subscribe" not in article.text


def test_an_article_about_captchas_is_still_an_article():
    html = ARTICLE.replace(
        "Opponents said they would keep fighting the project and might ask for a referendum on it.",
        "The ticket website now asks riders to solve a captcha, which opponents say is a barrier. "
        "Checking your browser, it says, before every purchase; riders call it a small nuisance.",
    )
    assert extract_article(html, "https://daily.example/news/tram").page_type == "article"


def test_declared_paywall_is_a_paywall_only_when_the_text_is_a_teaser():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    teaser = ARTICLE.replace("<head>", f"<head>{jsonld}").replace(
        "<p>Opponents said they would keep fighting the project and might ask for a referendum on it.</p>", ""
    )
    assert extract_article(teaser, "https://daily.example/news/tram").page_type == "paywall"
    paragraph = "<p>" + "The full text of the story is in the page for subscribers and search engines. " * 8
    full = teaser.replace("</article>", paragraph * 5 + "</p></article>")
    assert extract_article(full, "https://daily.example/news/tram").page_type == "article"


def test_404_in_a_headline_is_not_an_error_page():
    html = ARTICLE.replace("Tram line approved</h1>", "Area code 404 turns 75</h1>")
    assert extract_article(html, "https://daily.example/news/area-code-404-turns-75").page_type == "article"
    error = ERROR.replace("Oops! That page can't be found.", "Error 404").replace("Page not found - ", "")
    assert extract_article(error, "https://daily.example/news/missing").page_type == "error"


def test_an_article_at_a_query_string_url_on_the_site_root_is_an_article():
    assert extract_article(ARTICLE, "https://blog.example/?p=123").page_type == "article"
    assert extract_article(_listing(), "https://blog.example/").page_type == "homepage"


def _teasers(n: int) -> str:
    blurb = "A short summary of the story that runs to a couple of sentences, as listing pages show it. " * 2
    return "".join(
        f"<div class='card'><h3><a href='/news/2024/05/story-number-{i}'>Headline of story number {i} here</a></h3>"
        f"<p>{blurb}</p></div>"
        for i in range(n)
    )


def test_a_tag_page_with_a_long_slug_is_a_listing_of_its_teasers():
    html = f"<html><head><title>New York City Council</title></head><body><h1>New York City Council</h1>{_teasers(6)}</body></html>"
    assert extract_article(html, "https://daily.example/tag/new-york-city-council/").page_type == "index"


def test_a_short_story_under_a_section_path_with_a_rail_is_an_article():
    html = ARTICLE.replace("</article>", f"</article><aside>{_teasers(3)}</aside>")
    url = "https://daily.example/section/city/2024/05/council-approves-the-eastern-tram-line"
    assert extract_article(html, url).page_type == "article"


def _teaser_page(head: str) -> str:
    teasers = "".join(
        f"<div class='card'><h2><a href='/2026/11/{i}/story-about-the-city-number-{i}'>Story about the city "
        f"number {i}</a></h2><p>A short blurb that tells what story number {i} is about in a sentence or two, "
        "enough to tempt a reader into clicking through to the whole text of it.</p></div>"
        for i in range(12)
    )
    return f"<html><head><title>Science</title>{head}</head><body><main><h1>Science</h1>{teasers}</main></body></html>"


def test_og_type_article_does_not_outweigh_a_collection_page_type():
    """SEO plugins print og:type article on every page; JSON-LD CollectionPage says what this one is."""
    head = (
        "<meta property='og:type' content='article'>"
        "<script type='application/ld+json'>{\"@type\": \"CollectionPage\", \"name\": \"Science\"}</script>"
    )
    assert extract_article(_teaser_page(head), "https://news.example/science/").page_type == "index"


def test_og_type_article_on_a_category_url_with_teasers_is_an_index():
    head = "<meta property='og:type' content='article'>"
    assert extract_article(_teaser_page(head), "https://news.example/category/science/").page_type == "index"


def test_a_json_ld_article_on_a_topic_url_stays_an_article():
    head = "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Tram line\"}</script>"
    page = ARTICLE.replace("<title>", head + "<title>")
    assert extract_article(page, "https://news.example/topic/trams/").page_type == "article"

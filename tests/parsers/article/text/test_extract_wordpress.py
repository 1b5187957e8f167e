"""A hand-written WordPress page: the article text, and none of the page's chrome."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from parsers.article.extract import EXTRACTOR_VERSION, extract_article

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://example-news.org/2020/06/virtual-calls-for-an-electoral-boycott/"


def _article():
    return extract_article((FIXTURES / "wordpress.html").read_bytes(), URL)


def test_wordpress_text_keeps_paragraphs_headings_and_list_items_on_their_own_lines():
    lines = _article().text.splitlines()
    assert lines[0].startswith("As virtual calls for an electoral boycott gather traction")
    assert "Rallies in 250 cities" in lines
    assert "Economic justice" in lines and "Social justice" in lines
    assert lines[-1].startswith("“The nationwide call for a boycott")


def test_wordpress_chrome_is_not_in_the_text():
    text = _article().text
    for chrome in (
        "follow us",
        "YouTube",
        "Tags:",
        "Copyright",
        "XML Sitemap",
        "UltimatelySocial",
        "Share this",
        "Leave a Reply",
        "Previous post",
        "Recent Posts",
        "Posted on",
        "Home",
    ):
        assert chrome not in text, chrome
    # The headline is the title, not the first line of the body.
    assert "Virtual calls for an electoral boycott" not in text.splitlines()[0][:40]


def test_wordpress_metadata():
    article = _article()
    assert article.title == "Virtual calls for an electoral boycott"
    assert article.authors == ["Jane Roe"]
    assert article.published == datetime(2020, 6, 10, 8, 15, tzinfo=timezone.utc)
    assert article.published_source == "meta:article:published_time"
    assert article.modified == datetime(2020, 6, 11, 9, 0, tzinfo=timezone.utc)
    assert article.canonical_url == URL
    assert article.site_name == "Iran News Update"
    assert article.language == "en"
    assert article.page_type == "article"
    assert article.text_source == "class-hint"  # .entry-content
    assert article.extractor_version == EXTRACTOR_VERSION


SEED_PAGE = (
    Path(__file__).resolve().parents[4]
    / "samples/newsroom/riverbend-courier/2021/06/14/mek-iranian-social-media-campaign/index.html"
)


def test_the_seed_page_keeps_its_body_and_drops_the_five_chrome_lines():
    url = "https://riverbend-courier.example/2021/06/14/mek-iranian-social-media-campaign/"
    article = extract_article(SEED_PAGE.read_bytes(), url)
    text = article.text
    assert "MEK supporters posted messages and held demonstrations in at least 250 cities" in text
    assert "“The nationwide call for a boycott of the sham election has gained momentum" in text
    for chrome in ("follow us on Twitter", "MEK IRAN – YouTube", "Tags:", "XML Sitemap", "UltimatelySocial"):
        assert chrome not in text, chrome
    assert (article.page_type, article.authors, article.language) == ("article", ["Courier Desk"], "en")

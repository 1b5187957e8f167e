"""Article fields beyond the text: title, authors, dates with provenance, language, links."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from parsers.article.metadata.dates import plausible_date, parse_date, url_date
from parsers.article.extract import extract_article
from parsers.article.metadata.authors import clean_author
from parsers.article.metadata.titles import strip_site_suffix

BODY = (
    "<p>The harbour authority confirmed on Monday that the old ferry terminal will be turned into a "
    "public market hall, with the first stalls opening in the spring of next year.</p>"
    "<p>The conversion will cost twelve million euros, most of it from a regional fund for the "
    "renewal of waterfront areas, and will keep the listed facade of the 1912 building.</p>"
)


def _page(head: str = "", body_extra: str = "", lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body><article>{body_extra}{BODY}</article></body></html>"


def _jsonld(obj: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


def test_jsonld_wins_for_title_authors_and_dates():
    head = _jsonld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "Harbour Times"},
                {
                    "@type": "NewsArticle",
                    "headline": "Ferry terminal becomes a market hall",
                    "author": [{"@type": "Person", "name": "By Ana Lima"}, {"@type": "Person", "name": "Tom Berg"}],
                    "datePublished": "2024-03-04T09:30:00+01:00",
                    "dateModified": "2024-03-05T10:00:00Z",
                    "image": {"@type": "ImageObject", "url": "/img/terminal.jpg"},
                    "keywords": "harbour, markets",
                    "publisher": {"@type": "Organization", "name": "Harbour Times"},
                },
            ],
        }
    ) + "<meta property='og:title' content='Other title'><title>Ferry terminal | Harbour Times</title>"
    article = extract_article(_page(head), "https://harbour.example/news/ferry-terminal")
    assert article.title == "Ferry terminal becomes a market hall"
    assert article.authors == ["Ana Lima", "Tom Berg"]
    assert article.published == datetime(2024, 3, 4, 8, 30, tzinfo=timezone.utc)
    assert article.published.tzinfo is not None
    assert (article.published_source, article.modified_source) == ("jsonld", "jsonld")
    assert article.modified == datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)
    assert article.image == "https://harbour.example/img/terminal.jpg"
    assert article.tags == ["harbour", "markets"]
    assert article.site_name == "Harbour Times"


def test_meta_tags_title_suffix_and_byline():
    head = (
        "<title>Ferry terminal becomes a market hall - Harbour Times</title>"
        "<meta property='og:site_name' content='Harbour Times'>"
        "<meta name='description' content='The old terminal gets a new life.'>"
        "<meta property='article:tag' content='harbour'><meta property='article:tag' content='Harbour'>"
        "<link rel='canonical' href='/news/ferry-terminal'>"
    )
    byline = "<p class='byline'>By Ana Lima and Tom Berg</p>"
    article = extract_article(_page(head, byline), "https://harbour.example/news/ferry-terminal?utm=x")
    assert article.title == "Ferry terminal becomes a market hall"
    assert article.authors == ["Ana Lima", "Tom Berg"]
    assert "By Ana Lima" not in article.text
    assert article.description == "The old terminal gets a new life."
    assert article.canonical_url == "https://harbour.example/news/ferry-terminal"
    assert article.tags == ["harbour"]


def test_time_element_then_url_then_feed_date():
    time_el = "<time datetime='2024-02-01T12:00:00Z'>1 Feb</time>"
    article = extract_article(_page(body_extra=time_el), "https://h.example/2023/12/24/x")
    assert (article.published, article.published_source) == (datetime(2024, 2, 1, 12, tzinfo=timezone.utc), "time")
    article = extract_article(_page(), "https://h.example/2023/12/24/ferry-terminal")
    assert (article.published, article.published_source) == (datetime(2023, 12, 24, tzinfo=timezone.utc), "url")
    feed = datetime(2024, 1, 2, 3, 4, tzinfo=timezone.utc)
    article = extract_article(_page(), "https://h.example/news/ferry", feed_published=feed)
    assert (article.published, article.published_source) == (feed, "feed")


def test_future_dates_are_dropped_for_the_next_source():
    future = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()
    head = f"<meta property='article:published_time' content='{future}'>"
    head += f"<meta property='article:modified_time' content='{future}'>"
    article = extract_article(_page(head), "https://h.example/2023/12/24/ferry-terminal")
    assert article.published_source == "url"
    assert article.modified is None


def test_language_is_declared_unless_the_text_disagrees():
    assert extract_article(_page(lang="en-GB")).language == "en"
    german = (
        "<p>Die Stadt hat am Montag bestätigt, dass das alte Fährterminal in eine Markthalle "
        "umgebaut wird, und die ersten Stände sollen im Frühjahr des nächsten Jahres öffnen. Der "
        "Umbau kostet zwölf Millionen Euro, die zum größten Teil aus einem Fonds für die Erneuerung "
        "von Uferbereichen kommen, und die Fassade des Gebäudes von 1912 bleibt erhalten.</p>"
    )
    html = f"<html lang='en'><head></head><body><article>{german * 2}</article></body></html>"
    assert extract_article(html).language == "de"


def test_helpers():
    assert strip_site_suffix("Ferry terminal reopens | Harbour Times", None) == "Ferry terminal reopens"
    assert strip_site_suffix("Harbour Times: Ferry terminal reopens", "Harbour Times") == "Ferry terminal reopens"
    assert clean_author("By JANE DOE, Associated Press") == ["JANE DOE"]  # the agency is the outlet
    assert clean_author("TOM ROE, AP Auto Writer") == ["TOM ROE"]
    assert clean_author("Metro Desk") == ["Metro Desk"]
    assert clean_author("https://facebook.com/janedoe") == []
    assert clean_author("Amy Roe | Advance Media for Example.com") == ["Amy Roe"]
    assert clean_author("Ron Onslow on November 5, 2019") == ["Ron Onslow"]
    assert parse_date("Tue, 19 Nov 2019 10:00:00 +0100") == datetime(2019, 11, 19, 9, tzinfo=timezone.utc)
    assert parse_date("2019-11-19") == datetime(2019, 11, 19, tzinfo=timezone.utc)
    assert parse_date("not a date") is None
    assert url_date("https://x.example/2019/13/40/story") is None
    assert plausible_date(datetime(2999, 1, 1)) is None
    assert plausible_date(parse_date("0001-01-01T00:00:00")) is None
    assert plausible_date(parse_date("1970-01-01T00:00:00Z")) is None
    assert plausible_date(datetime(1912, 4, 15)) == datetime(1912, 4, 15, tzinfo=timezone.utc)


def test_a_visible_date_line_is_the_last_resort():
    page = "<html><body><h1>Counting geese</h1><p class='small'>4 October 2026</p>" + BODY + "</body></html>"
    article = extract_article(page, "https://notes.example/posts/geese.html")
    assert (article.published, article.published_source) == (datetime(2026, 10, 4, tzinfo=timezone.utc), "text")
    feed = datetime(2026, 10, 4, 18, 30, tzinfo=timezone.utc)
    assert extract_article(page, "https://notes.example/posts/geese.html", feed_published=feed).published == feed


def test_language_detection_by_script_and_stop_words():
    from parsers.article.metadata.language import detect_language

    samples = {
        "fr": "Le conseil municipal a voté mardi pour prolonger le réseau de bus de nuit vers les quartiers du nord, "
        "après deux ans de plaintes des travailleurs qui ne pouvaient pas rentrer chez eux après minuit.",
        "es": "El ayuntamiento votó el martes para ampliar la red de autobuses nocturnos a los barrios del norte, "
        "después de dos años de quejas de los trabajadores que no tenían cómo volver a casa.",
        "ko": "시의회는 화요일 심야 버스 노선을 북부 지역으로 확대하기로 의결했다. 야간 근무자들의 불만이 이어진 지 2년 만이다.",
        "ar": "صوت مجلس المدينة يوم الثلاثاء على توسيع شبكة الحافلات الليلية إلى الأحياء الشمالية بعد عامين من الشكاوى.",
    }
    for lang, text in samples.items():
        assert detect_language(text) == lang
    assert detect_language("Too short.") is None

import pytest

from parsers.urls import normalize_url, url_host


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Example.COM/News/Story", "https://example.com/News/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/#top", "https://example.com/"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=tw&utm_medium=social", "https://example.com/a"),
        ("https://example.com/a?fbclid=XYZ&gclid=1&msclkid=2", "https://example.com/a"),
        ("https://example.com/a?id=3&utm_campaign=x&page=2", "https://example.com/a?id=3&page=2"),
        ("https://example.com/a?page=2&id=3", "https://example.com/a?id=3&page=2"),
        ("  https://example.com./a  ", "https://example.com/a"),
    ],
)
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected
    assert normalize_url(expected) == expected  # idempotent


def test_variants_of_one_article_collapse():
    variants = [
        "https://news.example/world/story-1",
        "https://NEWS.example/world/story-1/",
        "https://news.example:443/world/story-1?utm_source=rss#comments",
        "https://news.example/world/story-1?fbclid=abc",
    ]
    assert len({normalize_url(v) for v in variants}) == 1


def test_different_pages_stay_different():
    assert normalize_url("https://e.com/a?id=1") != normalize_url("https://e.com/a?id=2")
    assert normalize_url("https://e.com/A") != normalize_url("https://e.com/a")


def test_non_http_is_left_alone():
    assert normalize_url(" mailto:x@y.z ") == "mailto:x@y.z"
    assert normalize_url("not a url") == "not a url"


def test_url_host():
    assert url_host("https://Example.com:8443/x") == "example.com:8443"

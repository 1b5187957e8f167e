"""The sources file: valid files parse, bad ones fail with the field named."""

import pytest

from parsers.sources import FetchSettings, SourcesError, parse_sources, schedule_interval_seconds

GOOD = """
[fetch]
per_host_delay = 2
contact = "https://example.org/contact"

[[source]]
name = "daily-example"
homepage = "https://daily.example/"
feeds = ["https://daily.example/feed.atom"]
sitemaps = ["https://daily.example/news-sitemap.xml"]
schedule = "*/15 * * * *"
tags = ["national"]

[[source]]
name = "quiet-blog"
homepage = "https://blog.example/"
pages = ["https://blog.example/about"]
schedule = "every 2h"
fetch = { per_host_delay = 5.5, max_bytes = 1000 }

[[watch]]
name = "opposition"
query = '"MEK" OR "PMOI"'
webhook = "https://hooks.example/mediamon"
"""


def test_good_file_parses_with_defaults_and_overrides():
    config = parse_sources(GOOD)
    daily, blog = config.sources
    assert daily.feeds == ("https://daily.example/feed.atom",)
    assert daily.tags == ("national",)
    assert daily.fetch.per_host_delay == 2.0 and daily.fetch.contact == "https://example.org/contact"
    assert blog.fetch.per_host_delay == 5.5 and blog.fetch.max_bytes == 1000
    assert blog.fetch.contact == "https://example.org/contact"  # inherited from [fetch]
    assert blog.feeds == () and blog.schedule == "every 2h"
    assert schedule_interval_seconds(blog.schedule) == 7200
    assert schedule_interval_seconds(daily.schedule) is None
    assert config.watches[0].query == '"MEK" OR "PMOI"'
    assert config.watches[0].webhook == "https://hooks.example/mediamon"
    assert config.fetch.timeout == FetchSettings().timeout


def test_select_by_name_and_unknown_name():
    config = parse_sources(GOOD)
    assert [s.name for s in config.select(["quiet-blog"])] == ["quiet-blog"]
    with pytest.raises(SourcesError, match="unknown source.*nope"):
        config.select(["nope"])


@pytest.mark.parametrize(
    "text, field",
    [
        ("[[source]]\nhomepage = 'https://a.example/'\nfeeds = ['https://a.example/f']", r"source\[0\]\.name"),
        ("[[source]]\nname = 'a'\nhomepage = 'ftp://a.example/'\nfeeds = []", r"source\[0\]\.homepage"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\nfeeds = ['nota url']", r"source\[0\]\.feeds\[0\]"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\nfeeds = 'https://a.example/f'", r"source\[0\]\.feeds"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']\nschedule = 'sometimes'", r"source\[0\]\.schedule"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']\ncolour = 'red'", r"source\[0\]: unknown key"),
        ("[fetch]\nper_host_delay = 'slow'\n[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']", r"fetch\.per_host_delay"),
        ("[fetch]\nturbo = true\n[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']", r"fetch\.turbo"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']\n[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/y']", r"source\[1\]\.name: duplicate"),
        ("[[source]\nname = 'a'", r"not valid TOML"),
        ("", r"at least one \[\[source\]\]"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\npages = ['https://a.example/x']\n[[watch]]\nname = 'w'", r"watch\[0\]\.query"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\n[[watch]]\nname = 'w'\nquery = 'x'\nwebhook = 'mailto:ops@a.example'", r"watch\[0\]\.webhook"),
        ("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\n[[watch]]\nname = 'w'\nquery = 'x'\nwebhook = 3", r"watch\[0\]\.webhook"),
    ],
)
def test_bad_files_name_the_field(text, field):
    with pytest.raises(SourcesError, match=field):
        parse_sources(text)


def test_homepage_only_source_is_valid():
    """With no feeds, sitemaps or pages, the source's feeds are discovered from its homepage."""
    (source,) = parse_sources("[[source]]\nname = 'a'\nhomepage = 'https://a.example/'").sources
    assert source.feeds == source.sitemaps == source.pages == ()


def test_revisit_schedule_is_durations_and_a_source_can_override_it():
    config = parse_sources(
        '[fetch]\nrevisit_after = ["1d", "90s", "6h"]\n\n'
        '[[source]]\nname = "a"\nhomepage = "https://a.example/"\n\n'
        '[[source]]\nname = "b"\nhomepage = "https://b.example/"\nfetch = { revisit_after = [], max_revisits = 5 }\n'
    )
    assert FetchSettings().revisit_after == (3600.0, 21600.0, 86400.0, 259200.0)
    assert config.sources[0].fetch.revisit_after == (90.0, 21600.0, 86400.0)
    assert (config.sources[1].fetch.revisit_after, config.sources[1].fetch.max_revisits) == ((), 5)


@pytest.mark.parametrize("value", ['["1w"]', '["0h"]', '"1h"', "[3600]"])
def test_bad_revisit_schedule_names_the_field(value):
    with pytest.raises(SourcesError, match=r"fetch\.revisit_after"):
        parse_sources(f'[fetch]\nrevisit_after = {value}\n\n[[source]]\nname = "a"\nhomepage = "https://a.example/"\n')

"""A quiet feed's links count as unchanged only when their page is stored."""

from parsers.records import FeedEntry
from tests.warehouse.conftest import batch, page

FEED = "https://courier.example/feed.xml"


def test_links_never_fetched_are_not_counted_as_known(wh):
    stored = "https://courier.example/news/stored"
    listed_only = "https://courier.example/news/listed-only"
    first = batch(page(stored))
    first.feed_entries = [(FEED, FeedEntry(link=stored)), (FEED, FeedEntry(link=listed_only))]
    wh.load_batch(first)
    assert wh.feed_links([FEED]) == {FEED: {stored}}

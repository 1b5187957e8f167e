"""Credentials in URLs (user:pw@host) never reach the warehouse or its exports."""

from __future__ import annotations

import duckdb

from parsers.records import FeedEntry, FeedState
from parsers.sources import Source
from tests.warehouse.conftest import T0, batch, fetch, page

AUTHED = "https://user:secret@news.example"


def test_userinfo_stripped_from_every_stored_url(wh, tmp_path):
    wh.sync_sources([Source("cred", f"{AUTHED}/", feeds=(f"{AUTHED}/feed",), pages=(f"{AUTHED}/p",))])
    b = batch(page(f"{AUTHED}/a", canonical=f"{AUTHED}/a#top", source="cred"), source="cred")
    b.fetches.append(fetch(f"{AUTHED}/feed"))
    b.feed_states.append(FeedState(url=f"{AUTHED}/feed", source="cred", last_success_at=T0))
    b.feed_entries.append((f"{AUTHED}/feed", FeedEntry(link=f"{AUTHED}/a", title="A")))
    b.pages[0].feed_url = f"{AUTHED}/feed"
    wh.load_batch(b)
    out = wh.export(tmp_path / "export", format="csv")
    leaked = [table for table, path in out.items() if "secret" in path.read_text()]
    assert leaked == []
    con = duckdb.connect(str(wh.path), read_only=True)
    try:
        assert con.execute("SELECT DISTINCT host FROM fetches").fetchall() == [("news.example",)]
        assert con.execute("SELECT url FROM articles").fetchall() == [("https://news.example/a",)]
        assert con.execute("SELECT url FROM feeds").fetchall() == [("https://news.example/feed",)]
        assert con.execute("SELECT homepage, feeds, pages FROM sources").fetchall() == [
            ("https://news.example/", ["https://news.example/feed"], ["https://news.example/p"])
        ]
    finally:
        con.close()
    states = wh.feed_states("cred")
    assert list(states) == ["https://news.example/feed"]

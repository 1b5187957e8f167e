"""Automated stories (one template, other numbers and names) are stored as articles with their text."""

from __future__ import annotations

import duckdb

from tests.run.site import start_site

FOOTER = "The Valley Courier is published by Valley Media Group, a family business since 1921."


def _story(n: int) -> str:
    """The issue's case: the same sentence on every page, only its numbers differ."""
    return (
        f"Council meeting number {n} in Ashford discussed the budget for {2020 + n % 7}, "
        f"with {n * 3 % 40 + 2} residents attending and {n % 9} questions from the floor."
    )


def test_templated_stories_are_articles_with_their_text(prefect_harness, tmp_path):
    from flows.ingest import ingest

    site = start_site()
    try:
        paths = [f"/meetings/{n}" for n in range(30)]
        for n, path in enumerate(paths):
            site.article(path, f"Council meeting {n}", [_story(n)], footer=FOOTER)
        site.feed("/feed.xml", paths)
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "[fetch]\nallow_private_networks = true\nper_host_delay = 0.0\n\n"
            f'[[source]]\nname = "council"\nhomepage = "{site.url("/")}"\nfeeds = ["{site.url("/feed.xml")}"]\n',
            encoding="utf-8",
        )
        db = tmp_path / "wh.duckdb"
        report = ingest(sources_file=str(sources), db=str(db))
    finally:
        site.stop()
    assert report["sources"][0]["new"] == 30
    con = duckdb.connect(str(db), read_only=True)
    try:
        texts = dict(con.execute("SELECT url, text FROM articles").fetchall())
        pages = con.execute("SELECT count(*) FROM pages WHERE page_type <> 'article'").fetchone()[0]
    finally:
        con.close()
    assert pages == 0
    assert texts == {site.url(p): _story(n) for n, p in enumerate(paths)}

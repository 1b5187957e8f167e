"""Revisits: known articles fetched again on a schedule find silent edits, deletions and moves."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from tests.run.site import Site, start_site

TOPICS = ["harbour dredging", "library opening hours", "tram line extension", "school meals contract"]


def _paragraphs(i: int) -> list[str]:
    topic = TOPICS[i]
    return [
        f"The county council voted on Tuesday evening to approve the {topic} plan after a debate "
        f"that lasted almost three hours and drew a large crowd of residents to the town hall.",
        f"Supporters of the {topic} proposal said it would serve the town for decades, while "
        f"critics questioned the cost estimates that officials presented at the meeting.",
        f"A final decision on funding for the {topic} scheme is expected before the end of the "
        f"financial year, the council's finance committee chair told reporters afterwards.",
    ]


@pytest.fixture
def site():
    site = start_site()
    yield site
    site.stop()


def _sources(tmp_path, site: Site, revisit_after: list[str]) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[fetch]\nallow_private_networks = true\nper_host_delay = 0.0\n"
        f"revisit_after = {json.dumps(revisit_after)}\n\n"
        f'[[source]]\nname = "gazette"\nhomepage = "{site.url("/")}"\nfeeds = ["{site.url("/feed.xml")}"]\n',
        encoding="utf-8",
    )
    return str(path)


def _query(db, sql: str, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _counts(report: dict) -> dict:
    (source,) = report["sources"]
    return source


def test_revisits_find_edits_deletions_and_moves(prefect_harness, tmp_path, site, capsys):
    from flows.cli import main
    from flows.ingest import ingest

    paths = [f"/news/{i}" for i in range(4)]
    for i, path in enumerate(paths):
        site.article(path, f"Council approves {TOPICS[i]}", _paragraphs(i))
    site.feed("/feed.xml", paths)
    sources, db = _sources(tmp_path, site, ["1s"]), str(tmp_path / "wh.duckdb")

    first = _counts(ingest(sources_file=sources, db=db))
    assert (first["new"], first["revisits"]) == (4, 0)
    time.sleep(1.5)

    edited = _paragraphs(0)
    edited[1] = edited[1].replace("while critics", "while several critics, including two councillors,")
    site.article("/news/0", f"Council approves {TOPICS[0]}", edited)  # a silent edit: the feed is the same
    del site.pages["/news/1"]  # deleted
    site.pages["/news/2-moved"] = site.pages["/news/2"].replace("/news/2'", "/news/2-moved'")
    site.pages["/news/2"] = ("redirect", "/news/2-moved")  # moved to a new canonical URL
    second = ingest(sources_file=sources, db=db)
    counts = _counts(second)
    assert counts["revisits"] == 4
    assert (counts["edits"], counts["deleted"], counts["moved"]) == (1, 1, 1)
    assert counts["errors"] == []
    assert site.hits("/news/3")[-1] == 304, "a revisit is a conditional GET"

    url = site.url
    versions = dict(_query(db, "SELECT url, version FROM articles"))
    assert versions[url("/news/0")] == 2 and versions[url("/news/3")] == 1
    gone = dict(_query(db, "SELECT url, gone_at IS NOT NULL FROM articles"))
    assert gone[url("/news/1")] and not gone[url("/news/0")]
    assert _query(db, "SELECT url, moved_to FROM article_moves") == [(url("/news/2"), url("/news/2-moved"))]
    edits = _query(db, "SELECT url, version, removed_lines, added_lines FROM article_edits")
    assert edits == [(url("/news/0"), 2, [_paragraphs(0)[1]], [edited[1]])]
    (summary,) = _query(db, "SELECT summary FROM runs WHERE run_id = ?", second["run_id"])[0]
    assert json.loads(summary)["sources"][0]["edits"] == 1

    # Each step of the schedule is done once: only the article first seen at the second run (the
    # moved one) is due at the third.
    before = len(site.requests)
    third = _counts(ingest(sources_file=sources, db=db))
    assert third["revisits"] == 1 and third["new"] == 0
    assert sorted(p for p, _ in site.requests[before:] if p != "/robots.txt") == ["/feed.xml", "/news/2-moved"]

    since = (datetime.now(timezone.utc) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    capsys.readouterr()
    assert main(["edits", "--db", db, "--since", since]) == 0
    out = capsys.readouterr().out
    assert f"{url('/news/0')}  (version 2)" in out
    assert f"-{_paragraphs(0)[1]}" in out and f"+{edited[1]}" in out


def test_no_revisits_when_turned_off(prefect_harness, tmp_path, site):
    from flows.ingest import ingest

    site.article("/news/0", "Council approves harbour dredging", _paragraphs(0))
    site.feed("/feed.xml", ["/news/0"])
    sources, db = _sources(tmp_path, site, []), str(tmp_path / "wh.duckdb")
    ingest(sources_file=sources, db=db)
    time.sleep(1.1)
    del site.pages["/news/0"]
    assert _counts(ingest(sources_file=sources, db=db))["revisits"] == 0
    assert site.hits("/news/0") == [200]

"""The whole pipeline on the sample newsroom: real loopback HTTP, real Prefect flow runs, real DuckDB."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from flows.cli import main

# The seed document (shared/seeds/) as kept in the repository, so a bare clone runs this test.
SEED = Path(__file__).resolve().parent / "fixtures" / "seed_000_4bbdd0b86ef7add4.txt"
SEED_CHROME = [
    "follow us on Twitter and Facebook",
    "People’s Mojahedin Organization of Iran – MEK IRAN – YouTube",
    "Tags: , , ,",
    "XML Sitemap",
    "Social media & sharing icons powered by",
]


def _seed_body(seed_page: Path) -> tuple[str, list[str]]:
    """The seed's title and the body lines (paragraphs and subheadings) its sample page marks up.

    Only lines of the seed document count, and the seed's last five lines are chrome, never body.
    """
    from bs4 import BeautifulSoup

    lines = [_norm(l) for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    soup = BeautifulSoup(seed_page.read_bytes(), "lxml")
    marked = [_norm(el.get_text()) for el in soup.select(".entry-content > p, .entry-content > h2")]
    body = [line for line in marked if line in lines[1:-5]]
    assert len(body) >= 15, "the sample page marks up the seed's body"
    return lines[0], body


def _norm(text: str) -> str:
    """Whitespace runs (the seed has no-break spaces) as single spaces."""
    return " ".join(text.split())


def _query(db: Path, sql: str, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_demo_end_to_end_and_idempotent(prefect_harness, tmp_path, capsys):
    from flows.demo.newsroom import load_manifest

    _, expect = load_manifest()
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert f"articles: {expect['articles']} new, 0 updated" in first
    assert "FROM articles GROUP BY source" in first  # the example query is shown with its result

    (count,) = _query(db, "SELECT count(*) FROM articles")[0]
    assert count == expect["articles"]
    assert _query(db, "SELECT count(DISTINCT source) FROM articles")[0][0] >= 3
    nulls = _query(db, "SELECT count(*) FROM articles WHERE title IS NULL OR text = '' OR published_at IS NULL")
    assert nulls[0][0] == 0

    outlet_dir = Path(__file__).resolve().parents[1] / "samples" / "newsroom" / "riverbend-courier"
    title, body = _seed_body(outlet_dir / urlsplit(expect["seed_url"]).path.strip("/") / "index.html")
    rows = _query(db, "SELECT title, text FROM articles WHERE text LIKE '%BoycottIranShamElections%'")
    assert len(rows) == 1, "the seed article is stored once"
    stored_title, text = rows[0]
    assert stored_title == title
    text_lines = [_norm(line) for line in text.split("\n")]
    for line in body:  # paragraphs and subheadings, each on its own line
        assert line in text_lines, line[:60]
    for chrome in SEED_CHROME:
        assert chrome not in text, chrome

    _learned_chrome_is_stored_and_used(db, expect, outlet_dir)
    homepages = _query(db, "SELECT page_type, article_url FROM pages WHERE page_type <> 'article'")
    assert len(homepages) == 3 and {t for t, _ in homepages} == {"homepage"}
    assert all(a is None for _, a in homepages), "non-articles are recorded, never stored as articles"

    _analyst_commands(db, capsys)

    versions_before = _query(db, "SELECT count(*) FROM article_versions")[0][0]
    assert main(["demo", "--db", str(db)]) == 0
    second = capsys.readouterr().out
    assert f"articles: 0 new, 0 updated, {expect['articles']} unchanged" in second
    assert _query(db, "SELECT count(*) FROM articles")[0][0] == count
    assert _query(db, "SELECT count(*) FROM article_versions")[0][0] == versions_before


def _learned_chrome_is_stored_and_used(db: Path, expect: dict, outlet_dir: Path) -> None:
    """A footer line no rule catches: present without the site's learned chrome, gone with it."""
    from parsers.article.text.chrome import normalise_block
    from parsers.article.extract import extract_article

    learned = expect["learned_chrome_line"]
    article_page = next(p for p in sorted(outlet_dir.rglob("index.html")) if "/2026/" in str(p))
    assert learned in extract_article(article_page.read_bytes()).text, "no rule removes it by itself"
    blocks = [set(b) for (b,) in _query(db, "SELECT blocks FROM site_chrome")]
    assert any(normalise_block(learned) in b for b in blocks), "learned and stored per site"
    assert _query(db, "SELECT count(*) FROM articles WHERE text LIKE ?", f"%{learned}%")[0][0] == 0


def _analyst_commands(db: Path, capsys) -> None:
    """search, mentions and export on the demo's warehouse, as an analyst runs them."""
    assert main(["search", "Guardian Council", "--db", str(db), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("  1. ") and "mek-iranian-social-media-campaign" in out.split("\n  2. ")[0]
    assert main(["search", "Guardian Council", "--db", str(db), "--source", "daily-ledger"]) == 0
    assert "mek-iranian" not in capsys.readouterr().out

    assert main(["mentions", "--db", str(db), "--by", "source"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:-1]]
    by_watch = {(r[0], r[1]): int(r[2]) for r in rows}
    assert by_watch.get(("iran-opposition", "riverbend-courier"), 0) >= 1
    assert not any(w == "iran-opposition" and src != "riverbend-courier" for w, src in by_watch)
    stored = _query(db, "SELECT count(*) FROM mentions WHERE watch = 'iran-opposition'")[0][0]
    assert stored == sum(n for (w, _), n in by_watch.items() if w == "iran-opposition")

    out_dir = db.parent / "export"
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out_dir)]) == 0
    capsys.readouterr()
    exported = duckdb.sql(f"SELECT count(*) FROM '{out_dir / 'articles.parquet'}'").fetchone()[0]
    assert exported == _query(db, "SELECT count(*) FROM articles")[0][0]


def test_dead_feed_does_not_stop_other_sources(prefect_harness, tmp_path, newsroom, newsroom_sources, capsys):
    any_base = next(iter(newsroom.base.values()))
    text = newsroom_sources.read_text(encoding="utf-8") + (
        "[[source]]\n"
        'name = "dead-feed"\n'
        f'homepage = "{any_base}/"\n'
        f'feeds = ["{any_base}/no-such-feed.xml"]\n'
    )
    newsroom_sources.write_text(text, encoding="utf-8")
    db = tmp_path / "run.duckdb"
    assert main(["run", "--sources", str(newsroom_sources), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"dead-feed: .*no-such-feed\.xml.*404", out), out
    assert _query(db, "SELECT count(*) FROM articles")[0][0] == newsroom.expect["articles"]
    failed = _query(db, "SELECT count(*) FROM fetches WHERE source = 'dead-feed' AND status = 404")
    assert failed[0][0] >= 1


def test_run_named_source_only(prefect_harness, tmp_path, newsroom, newsroom_sources, capsys):
    name = newsroom.outlets[-1].name
    db = tmp_path / "one.duckdb"
    assert main(["run", "--sources", str(newsroom_sources), "--db", str(db), name]) == 0
    capsys.readouterr()
    assert _query(db, "SELECT DISTINCT source FROM articles") == [(name,)]


def test_run_one_shard_then_the_other(prefect_harness, tmp_path, newsroom, newsroom_sources, capsys):
    from flows.run.shards import shard_of

    db = tmp_path / "shards.duckdb"
    names = [o.name for o in newsroom.outlets]
    first = {n for n in names if shard_of(n, 2) == 1}
    assert 0 < len(first) < len(names), "the sample's sources fall in both shards"
    assert main(["run", "--sources", str(newsroom_sources), "--db", str(db), "--shard", "1/2"]) == 0
    assert f"shard 1/2: {len(first)} of {len(names)} sources" in capsys.readouterr().out
    assert {r[0] for r in _query(db, "SELECT DISTINCT source FROM articles")} == first
    assert main(["run", "--sources", str(newsroom_sources), "--db", str(db), "--shard", "2/2"]) == 0
    capsys.readouterr()
    assert {r[0] for r in _query(db, "SELECT DISTINCT source FROM articles")} == set(names)
    assert _query(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0] == (newsroom.expect["articles"],) * 2


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", "--sources", "{missing}"], "no such sources file"),
        (["run", "--sources", "{bad}"], r"source\[0\]\.homepage"),
        (["run", "--sources", "{good}", "nope"], "unknown source"),
    ],
)
def test_run_config_errors_are_one_line(tmp_path, capsys, argv, message):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nname = 'x'\nhomepage = 'nope'\nfeeds = []\n")
    good = tmp_path / "good.toml"
    good.write_text("[[source]]\nname = 'x'\nhomepage = 'https://x.example/'\nfeeds = ['https://x.example/f']\n")
    paths = {"missing": tmp_path / "missing.toml", "bad": bad, "good": good}
    argv = [a.format(**paths) for a in argv]
    assert main(argv + ["--db", str(tmp_path / "x.duckdb")]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err)
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.duckdb").exists(), "a bad config must not create a warehouse"


def test_run_with_unusable_warehouse_fails_fast(tmp_path, capsys):
    sources = tmp_path / "s.toml"
    sources.write_text("[[source]]\nname = 'x'\nhomepage = 'https://x.example/'\nfeeds = ['https://x.example/f']\n")
    db = tmp_path / "no-such-dir" / "w.duckdb"
    assert main(["run", "--sources", str(sources), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "cannot open the warehouse" in err and len(err.strip().splitlines()) == 1

import duckdb
import pytest

from warehouse import Warehouse
from warehouse.db.migrate import SchemaTooNew, apply_migrations, latest_version, migrations

ANALYST_TABLES = {
    "sources", "feeds", "fetches", "pages", "articles", "article_versions", "feed_entries",
    "runs", "site_chrome", "mentions", "schema_version",
}


def schema(path) -> set[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return set(
            con.execute(
                "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal"
            ).fetchall()
        )


def test_versions_are_contiguous():
    assert [m.version for m in migrations()] == list(range(1, latest_version() + 1))


def test_empty_database_gets_every_table(tmp_path):
    wh = Warehouse(tmp_path / "a.duckdb")
    assert wh.migrate() == latest_version()
    assert ANALYST_TABLES <= {t for t, _, _ in schema(tmp_path / "a.duckdb")}
    assert wh.migrate() == latest_version()  # idempotent


@pytest.mark.parametrize("start", range(1, latest_version()))
def test_every_earlier_version_migrates_to_the_fresh_schema(tmp_path, start):
    fresh = tmp_path / "fresh.duckdb"
    Warehouse(fresh).migrate()
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        apply_migrations(con, target=start)
        con.execute("INSERT INTO site_chrome VALUES ('e.com', ['nav'], now())")
    assert Warehouse(old).schema_version() == start
    assert Warehouse(old).migrate() == latest_version()
    assert schema(old) == schema(fresh)
    assert Warehouse(old).site_chrome("e.com") == frozenset({"nav"})


def test_lazy_migration_on_first_write(tmp_path):
    wh = Warehouse(tmp_path / "lazy.duckdb")
    wh.save_site_chrome("e.com", frozenset({"footer"}))
    assert wh.schema_version() == latest_version()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    Warehouse(path).migrate()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    with pytest.raises(SchemaTooNew):
        Warehouse(path).migrate()


def test_sketches_move_onto_their_articles_at_version_5(tmp_path):
    path = tmp_path / "v4.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, target=4)
        con.execute(
            "INSERT INTO articles (url, source, page_url, text, authors, tags, extractor_version, content_hash,"
            " text_length, version, first_seen_at, last_seen_at, changed_at)"
            " VALUES ('https://e.com/1', 'e', 'https://e.com/1', 't', [], [], 'x', 'h', 1, 1, now(), now(), now())"
        )
        con.execute("INSERT INTO article_sketch VALUES (30, 'https://e.com/1'), (7, 'https://e.com/1'), (9, 'https://e.com/2')")
        apply_migrations(con, target=5)  # version 6 sketches every article again
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT url, sketch FROM articles").fetchall() == [("https://e.com/1", [7, 30])]


def test_mentions_stored_before_alerts_are_not_alerted_at_version_7(tmp_path):
    path = tmp_path / "v6.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, target=6)
        con.execute("INSERT INTO mentions VALUES ('mek', 'https://e.com/1', 'e', NULL, now(), 1), "
                    "('mek', 'https://e.com/1', 'e', NULL, now(), 2)")
    wh = Warehouse(path)
    wh.migrate()
    assert wh.claim_alerts({"event": ["mek"], "webhook": ["mek"]}, "run-1") == {"event": {}, "webhook": {}}
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT channel, count(*) FROM alerted GROUP BY ALL ORDER BY ALL").fetchall() == [
            ("event", 1), ("webhook", 1)
        ]


def test_every_article_is_sketched_again_at_version_6(tmp_path):
    from warehouse.loading.dedup import sketch

    path = tmp_path / "v5.duckdb"
    texts = {f"https://e.com/{i}": f"Story {i} is about the harbour, and the ferry timetable for {i} days." for i in range(3)}
    with duckdb.connect(str(path)) as con:
        apply_migrations(con, target=5)
        for url, text in texts.items():
            con.execute(
                "INSERT INTO articles (url, source, page_url, text, authors, tags, extractor_version, content_hash,"
                " text_length, version, first_seen_at, last_seen_at, changed_at, sketch)"
                " VALUES (?, 'e', ?, ?, [], [], 'x', 'h', 1, 1, now(), now(), now(), [1, 2])",
                [url, url, text],
            )
            con.execute("INSERT INTO article_sketch VALUES (1, ?), (2, ?)", [url, url])
    Warehouse(path).migrate()
    with duckdb.connect(str(path), read_only=True) as con:
        assert dict(con.execute("SELECT url, sketch FROM articles").fetchall()) == {u: sketch(t) for u, t in texts.items()}
        stored = con.execute("SELECT url, list(feature ORDER BY feature) FROM article_sketch GROUP BY url").fetchall()
        assert dict(stored) == {u: sketch(t) for u, t in texts.items()}

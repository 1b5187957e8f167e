-- Paywalled teasers are stored as articles: `paywalled` marks an article whose text is only the
-- teaser of a story kept for subscribers. Articles stored before it existed had every paywalled
-- page left out, so none of them is a teaser.
--
-- The table is rebuilt rather than altered: DuckDB refuses to commit an ALTER TABLE of a table
-- that the same transaction has updated, and an upgrade from version 5 or below runs migration
-- 6's backfill of `articles` in the transaction that applies this one.

CREATE TABLE articles_paywalled (
    url VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    page_url VARCHAR NOT NULL,
    title VARCHAR,
    text VARCHAR NOT NULL,
    authors VARCHAR[] NOT NULL,
    published_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ,
    language VARCHAR,
    description VARCHAR,
    site_name VARCHAR,
    image VARCHAR,
    tags VARCHAR[] NOT NULL,
    text_source VARCHAR,
    published_source VARCHAR,
    modified_source VARCHAR,
    extractor_version VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    text_length INTEGER NOT NULL,
    version INTEGER NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR,
    gone_at TIMESTAMPTZ,
    cluster_id VARCHAR,
    sketch UINTEGER[],
    paywalled BOOLEAN NOT NULL DEFAULT false
);

INSERT INTO articles_paywalled BY NAME SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_paywalled RENAME TO articles;

-- `articles` without its primary-key index: DuckDB rewrites a table's whole ART index at every
-- checkpoint, and the warehouse checkpoints after every batch, so the index made each load cost
-- time proportional to the number of stored articles. The load keeps `url` unique on its own
-- (one writer, and every article is classified against the stored rows before it is written).

CREATE TABLE articles_unindexed (
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
    cluster_id VARCHAR
);

INSERT INTO articles_unindexed SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_unindexed RENAME TO articles;

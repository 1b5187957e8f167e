-- Core tables: configuration, poll state, fetch log, raw pages, articles and their versions.

CREATE TABLE sources (
    name VARCHAR PRIMARY KEY,
    homepage VARCHAR NOT NULL,
    feeds VARCHAR[] NOT NULL,
    sitemaps VARCHAR[] NOT NULL,
    pages VARCHAR[] NOT NULL,
    schedule VARCHAR NOT NULL,
    tags VARCHAR[] NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    flow VARCHAR NOT NULL,
    sources VARCHAR[] NOT NULL,
    params JSON,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status VARCHAR NOT NULL,
    summary JSON
);

CREATE TABLE feeds (
    url VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    etag VARCHAR,
    last_modified VARCHAR,
    body_hash VARCHAR,
    validators_trusted BOOLEAN NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    last_success_at TIMESTAMPTZ,
    last_new_entry_at TIMESTAMPTZ,
    next_poll_at TIMESTAMPTZ,
    interval_seconds DOUBLE,
    last_error VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE feed_entries (
    feed_url VARCHAR NOT NULL,
    link VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    guid VARCHAR,
    title VARCHAR,
    published_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    summary VARCHAR,
    authors VARCHAR[],
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR
);

CREATE TABLE fetches (
    url VARCHAR NOT NULL,
    host VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    run_id VARCHAR,
    final_url VARCHAR,
    status INTEGER,
    outcome VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    elapsed DOUBLE NOT NULL,
    attempts INTEGER NOT NULL,
    error_class VARCHAR,
    error VARCHAR,
    validators_sent VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    content_type VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE pages (
    url VARCHAR NOT NULL,
    requested_url VARCHAR NOT NULL,
    final_url VARCHAR,
    host VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    feed_url VARCHAR,
    run_id VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL,
    last_fetched_at TIMESTAMPTZ NOT NULL,
    http_status INTEGER,
    content_type VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    page_type VARCHAR NOT NULL,
    article_url VARCHAR,
    extractor_version VARCHAR,
    body_sha256 VARCHAR NOT NULL,
    body_size BIGINT NOT NULL,
    body_encoding VARCHAR NOT NULL,
    body BLOB NOT NULL
);

CREATE TABLE articles (
    url VARCHAR PRIMARY KEY,
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

-- Superseded versions only: the current one is the `articles` row, so every text is stored once.
-- The view `article_versions` is the union of both.
CREATE TABLE article_history (
    url VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    content_hash VARCHAR NOT NULL,
    title VARCHAR,
    text VARCHAR NOT NULL,
    published_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ,
    extractor_version VARCHAR NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR
);

CREATE TABLE site_chrome (
    site VARCHAR PRIMARY KEY,
    blocks VARCHAR[] NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Watchlists and the articles they matched.

CREATE TABLE watches (
    name VARCHAR PRIMARY KEY,
    query VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE mentions (
    watch VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    published_at TIMESTAMPTZ,
    matched_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL
);

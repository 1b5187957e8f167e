-- Near-duplicate lookup: the bottom-k sentence sketch of every article, one row per feature.

CREATE TABLE article_sketch (
    feature UINTEGER NOT NULL,
    url VARCHAR NOT NULL
);

-- Views for analysts; recreated by every migration run (they hold no data).

-- Every distinct content version of every article, the current one included.
CREATE OR REPLACE VIEW article_versions AS
SELECT url, version, content_hash, title, text, published_at, modified_at, extractor_version,
       changed_at AS seen_at, run_id, true AS is_current
FROM articles
UNION ALL
SELECT url, version, content_hash, title, text, published_at, modified_at, extractor_version,
       seen_at, run_id, false AS is_current
FROM article_history;

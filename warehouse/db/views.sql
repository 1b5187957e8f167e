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

-- Articles first seen per source and day.
CREATE OR REPLACE VIEW daily_volume AS
SELECT source, CAST(first_seen_at AS DATE) AS day, count(*) AS articles,
       count(*) FILTER (WHERE version > 1) AS since_updated
FROM articles
GROUP BY ALL;

-- The newest articles, by publication date (first-seen time when the page gave none).
CREATE OR REPLACE VIEW latest_articles AS
SELECT url, source, title, coalesce(published_at, first_seen_at) AS published_at,
       published_at IS NULL AS date_missing, text_length, paywalled, cluster_id, gone_at
FROM articles
ORDER BY coalesce(published_at, first_seen_at) DESC;

-- Extraction health per source: pages classified, and the quality of the articles kept.
CREATE OR REPLACE VIEW extraction_health AS
WITH page_counts AS (
    SELECT source, count(*) AS pages,
           count(*) FILTER (WHERE page_type = 'article' AND article_url IS NOT NULL) AS article_pages,
           count(*) FILTER (WHERE page_type = 'article' AND article_url IS NULL) AS empty_texts,
           count(*) FILTER (WHERE page_type <> 'article') AS non_article_pages
    FROM pages GROUP BY source),
article_stats AS (
    SELECT source, count(*) AS articles,
           avg(CAST(published_at IS NULL AS INTEGER)) AS share_missing_published,
           avg(CAST(title IS NULL OR title = '' AS INTEGER)) AS share_missing_title,
           avg(CAST(len(authors) = 0 AS INTEGER)) AS share_missing_authors,
           avg(text_length) AS mean_text_length,
           avg(CAST(text_length < 500 AS INTEGER)) AS share_short_texts,
           avg(CAST(paywalled AS INTEGER)) AS share_paywalled
    FROM articles GROUP BY source)
SELECT source, coalesce(p.pages, 0) AS pages, coalesce(p.non_article_pages, 0) AS non_article_pages,
       coalesce(p.empty_texts, 0) AS empty_texts,
       p.empty_texts / nullif(p.empty_texts + p.article_pages, 0) AS share_empty_texts,
       coalesce(a.articles, 0) AS articles, a.share_missing_published, a.share_missing_title,
       a.share_missing_authors, a.mean_text_length, a.share_short_texts, a.share_paywalled
FROM page_counts p FULL OUTER JOIN article_stats a USING (source);

-- Clusters of near-duplicate articles with more than one member, and the members.
CREATE OR REPLACE VIEW clusters AS
SELECT cluster_id, count(*) AS members, count(DISTINCT source) AS sources,
       min(first_seen_at) AS first_seen_at, max(first_seen_at) AS last_seen_at,
       arg_min(title, first_seen_at) AS title,
       list(url ORDER BY first_seen_at, url) AS urls,
       list(DISTINCT source ORDER BY source) AS source_names
FROM articles
WHERE cluster_id IS NOT NULL
GROUP BY cluster_id
HAVING count(*) > 1;

-- What changed between two versions of an article: the lines removed and added (the texts are
-- there for a full diff: `mediamon edits`). `reextracted` marks versions made by re-extracting
-- a stored page with newer parsers rather than by the publisher's edit.
CREATE OR REPLACE VIEW article_edits AS
WITH edited AS (SELECT DISTINCT url FROM article_history),  -- only these have two versions
steps AS (
    SELECT url, version, seen_at, run_id, title, text,
           lag(title) OVER w AS previous_title, lag(text) OVER w AS previous_text
    FROM article_versions SEMI JOIN edited USING (url)
    WINDOW w AS (PARTITION BY url ORDER BY version))
SELECT s.url, a.source, s.version, s.seen_at, coalesce(r.flow = 'reextract', false) AS reextracted,
       s.previous_title, s.title,
       list_filter(string_split(s.previous_text, chr(10)),
                   lambda l: NOT list_contains(string_split(s.text, chr(10)), l)) AS removed_lines,
       list_filter(string_split(s.text, chr(10)),
                   lambda l: NOT list_contains(string_split(s.previous_text, chr(10)), l)) AS added_lines,
       s.previous_text, s.text
FROM steps s JOIN articles a USING (url) LEFT JOIN runs r ON r.run_id = s.run_id
WHERE s.previous_text IS NOT NULL;

-- Articles whose page, fetched again, turned out to be another article's (a redirect, a new
-- canonical link): the old URL, the new one, and when that was first seen.
CREATE OR REPLACE VIEW article_moves AS
SELECT a.url, p.article_url AS moved_to, min(p.fetched_at) AS seen_at
FROM articles a JOIN pages p ON p.url = a.url
WHERE p.article_url IS NOT NULL AND p.article_url <> a.url
GROUP BY ALL;

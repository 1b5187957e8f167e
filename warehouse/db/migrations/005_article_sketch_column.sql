-- Each article's dedup sketch on its own row. Clustering reads the full sketches of the stored
-- candidates of a load; from `article_sketch` (one row per sentence) that was a scan of every
-- sentence row's URL, from here one row per article. `article_sketch` stays: it is how a load
-- finds the stored articles that share a sentence with it.

ALTER TABLE articles ADD COLUMN sketch UINTEGER[];

UPDATE articles a SET sketch = s.sketch
FROM (SELECT url, list(feature ORDER BY feature) AS sketch FROM article_sketch GROUP BY url) s
WHERE a.url = s.url;

-- Dedup sketches of word runs replace the sentence sketches (`warehouse.loading.dedup`): the stored ones
-- are dropped here, and every article is sketched again by `dedup.backfill_sketches`, which the
-- migration runs right after this file.

DELETE FROM article_sketch;

UPDATE articles SET sketch = NULL;

-- The current articles read from the files this run reads again, with the values a new version
-- is compared on (tasks/ingest/identity.py): which id each record keeps, and what changed.
SELECT article_id, source_id, source_path, title, url, published_at, source, topic, encoding,
       raw_hash, content_hash, duplicate_of, text_minhash
FROM articles
WHERE source_path IN (SELECT unnest($paths::VARCHAR[]));

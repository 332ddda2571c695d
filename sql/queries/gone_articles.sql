-- Current articles whose file lay under a source folder this run scans ($root, with its
-- trailing '/') but is not among the files it found ($present): renamed or deleted.
SELECT article_id, source_id, source_path, title, url, published_at, source, topic, encoding,
       raw_hash, content_hash, duplicate_of, text_minhash
FROM articles
WHERE starts_with(source_path, $root)
  AND source_path NOT IN (SELECT unnest($present::VARCHAR[]))
ORDER BY source_path, article_id;

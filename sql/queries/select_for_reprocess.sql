-- Current articles a reprocess run re-extracts. Each filter is off when its parameter is null;
-- with $skip_current, articles already extracted by $extractor_version are left alone.
SELECT a.article_id, a.source_id, a.source_path, a.title, a.url, a.published_at, a.source, a.topic,
       a.encoding, a.text, a.content_hash
FROM articles a
LEFT JOIN extractions_as_of(9223372036854775807) x USING (article_id)
WHERE ($article_ids IS NULL OR list_contains(CAST($article_ids AS VARCHAR[]), a.article_id))
  AND ($date_from IS NULL OR a.published_at >= CAST($date_from AS DATE))
  AND ($date_to IS NULL OR a.published_at < CAST($date_to AS DATE) + INTERVAL 1 DAY)
  AND (NOT $skip_current OR x.extractor_version IS DISTINCT FROM $extractor_version)
ORDER BY a.article_id;

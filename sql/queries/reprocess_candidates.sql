-- Current articles a reprocess run re-extracts. Parameters narrow the set: $article_ids (NULL =
-- any), an inclusive publication-date range ($date_from, $date_to; NULL = open; undated
-- articles only when both are open) and, unless $everything, only articles whose standing
-- extraction was made by another extractor version (or is missing).
SELECT a.* EXCLUDE (run_id)
FROM articles a
LEFT JOIN extractions_as_of(9223372036854775807) x ON x.article_id = a.article_id
WHERE ($article_ids::VARCHAR[] IS NULL OR list_contains($article_ids::VARCHAR[], a.article_id))
  AND ($date_from::DATE IS NULL OR a.published_at >= $date_from::DATE)
  AND ($date_to::DATE IS NULL OR a.published_at < $date_to::DATE + INTERVAL 1 DAY)
  AND ($everything
       OR x.extractor_version IS DISTINCT FROM $extractor_version
       OR x.content_hash IS DISTINCT FROM a.content_hash)
ORDER BY a.article_id;

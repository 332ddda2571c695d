-- Articles flagged gone by a committed run and not found again since (article_removals, 010).
SELECT x.article_id, x.source_path
FROM article_removals x JOIN runs r USING (run_id)
WHERE r.status = 'committed' AND x.returned_in_run IS NULL;

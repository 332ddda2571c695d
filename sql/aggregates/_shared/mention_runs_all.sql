-- mention_runs from the history as it stands (migration 011's replay).
DELETE FROM mention_runs;
INSERT INTO mention_runs
SELECT run_id, type, valid_to, count(*), count(DISTINCT article_id)
FROM mentions_history GROUP BY ALL ORDER BY ALL;

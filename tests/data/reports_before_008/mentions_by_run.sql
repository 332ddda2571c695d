-- name: mentions_by_run
-- purpose: Mentions each committed run wrote, by entity type, and how many of them are still current.
-- param type PER|LOC|ORG|ALL: entity type (default ALL)
-- A run writes mentions for the articles it extracted (new, changed or reprocessed); "current"
-- counts those still standing in the warehouse as of the latest run considered.
SELECT h.run_id,
       h.type,
       count(*) AS mentions,
       count(DISTINCT h.article_id) AS articles,
       count(c.mention_id) AS current_mentions
FROM mentions_history h
LEFT JOIN mentions_as_of($as_of_run) c ON c.mention_id = h.mention_id AND c.run_id = h.run_id
WHERE h.run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))
  AND ($type = 'ALL' OR h.type = $type)
GROUP BY h.run_id, h.type
ORDER BY h.run_id, h.type;

-- name: mentions_by_run
-- purpose: Mentions each committed run wrote, by entity type, and how many of them are still current.
-- param type PER|LOC|ORG|ALL: entity type (default ALL)
-- A run writes mentions for the articles it extracted (new, changed or reprocessed); "current"
-- counts those still standing in the warehouse as of the latest run considered.
-- A row of run r is current as of run n when its range has not closed by n (migration 008).
-- Read from mention_runs (011): each run's rows counted by type and by the run that closed them.
SELECT h.run_id,
       h.type,
       CAST(sum(h.mentions) AS BIGINT) AS mentions,
       CAST(sum(h.articles) AS BIGINT) AS articles,
       CAST(coalesce(sum(h.mentions) FILTER (WHERE h.valid_to IS NULL OR h.valid_to > $as_of_run), 0)
            AS BIGINT) AS current_mentions
FROM mention_runs h
WHERE h.run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))
  AND ($type = 'ALL' OR h.type = $type)
GROUP BY h.run_id, h.type
ORDER BY h.run_id, h.type;

-- mention_runs (migration 011) for run $run_id: its own rows, and those of the runs whose rows
-- it closed (re-extracted or retired articles), counted again from their rows of
-- mentions_history, which lie together (rows go in run by run), so the zone maps skip the rest.
CREATE OR REPLACE TEMP TABLE mention_runs_changed AS
SELECT CAST($run_id AS BIGINT) AS run_id
UNION SELECT DISTINCT run_id FROM extractions WHERE valid_to = $run_id;
DELETE FROM mention_runs WHERE run_id IN (SELECT run_id FROM mention_runs_changed);
INSERT INTO mention_runs
SELECT run_id, type, valid_to, count(*), count(DISTINCT article_id)
FROM mentions_history
WHERE run_id IN (SELECT run_id FROM mention_runs_changed)
  AND run_id BETWEEN (SELECT min(run_id) FROM mention_runs_changed) AND $run_id
GROUP BY ALL ORDER BY ALL;
DROP TABLE mention_runs_changed;

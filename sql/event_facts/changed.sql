-- The entities whose name, type or place run $run_id changed for the events naming them: the
-- ids its redirects merge and their targets, the places it linked, the ids it registered.
CREATE OR REPLACE TEMP TABLE fact_entities AS
SELECT entity_id FROM entity_redirects WHERE run_id = $run_id
UNION SELECT target_id FROM entity_redirects WHERE run_id = $run_id
UNION SELECT entity_id FROM entity_places WHERE run_id = $run_id
UNION SELECT entity_id FROM entities_history
      WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
      GROUP BY entity_id HAVING min(run_id) = $run_id;
-- The events whose row the run rewrites: every current event of an article it touched (temp
-- table `touched`); the ones of entities that changed are added by entity_events.sql.
CREATE OR REPLACE TEMP TABLE fact_events AS
SELECT event_id FROM events_history
WHERE article_id IN (SELECT article_id FROM touched)
  AND run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
  AND (valid_to IS NULL OR valid_to > $run_id);

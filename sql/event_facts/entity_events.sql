-- Events with an argument naming a changed entity, before (the stored id) or after the
-- redirects (the id the views show).
INSERT INTO fact_events
SELECT DISTINCT event_id FROM event_arguments_as_of($run_id)
WHERE entity_id IN (SELECT entity_id FROM fact_entities)
UNION
SELECT DISTINCT event_id FROM event_arguments_history
WHERE entity_id IN (SELECT entity_id FROM fact_entities)
  AND run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
  AND (valid_to IS NULL OR valid_to > $run_id)
EXCEPT SELECT event_id FROM fact_events;

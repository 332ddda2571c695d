-- Entities this run added to the registry.
SELECT count(*) FROM entities_history WHERE run_id = $run_id;

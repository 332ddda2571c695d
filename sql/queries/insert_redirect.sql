-- A partial person name merged into the one full name it fits (see sql/load/resolve_people.sql).
INSERT INTO entity_redirects (entity_id, target_id, reason, run_id) VALUES ($entity_id, $target_id, $reason, $run_id);

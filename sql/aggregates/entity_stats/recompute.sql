-- The rows of the entities in `redirected` from the current state of `touched` (every
-- article naming one of them).
DELETE FROM entity_stats WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO entity_stats BY NAME SELECT * FROM entity_stats_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);

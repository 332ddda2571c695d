-- The rows of the entities in `redirected` from the current state of `touched` (every
-- article naming one of them).
DELETE FROM entity_forms WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO entity_forms BY NAME SELECT * FROM entity_forms_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);

-- Migration 011's replay: the rows of the entities the run's redirects involve, from the state
-- as of the run of every article naming them (as recompute.sql does at load).
INSERT INTO changed_entity_forms
SELECT h.entity_id, h.text FROM entity_forms_history h WHERE h.valid_to IS NULL AND (h.entity_id IN (SELECT entity_id FROM redirected));
DELETE FROM history_new_entity_forms WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO history_new_entity_forms SELECT entity_id, text, mentions FROM entity_forms_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO changed_entity_forms SELECT entity_id, text FROM entity_forms_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);

-- Migration 011's replay: the rows of the entities the run's redirects involve, from the state
-- as of the run of every article naming them (as recompute.sql does at load).
INSERT INTO changed_entity_days
SELECT h.entity_id, h.type, h.day FROM entity_days_history h WHERE h.valid_to IS NULL AND (h.entity_id IN (SELECT entity_id FROM redirected));
DELETE FROM history_new_entity_days WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO history_new_entity_days SELECT entity_id, type, day, mentions, articles FROM entity_days_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);
INSERT INTO changed_entity_days SELECT entity_id, type, day FROM entity_days_contribution WHERE entity_id IN (SELECT entity_id FROM redirected);

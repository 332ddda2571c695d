-- Migration 011's replay: the rows of the entities the run's redirects involve, from the state
-- as of the run of every article naming them (as recompute.sql does at load).
INSERT INTO changed_co_mention_pairs
SELECT h.entity_a, h.entity_b FROM co_mention_pairs_history h WHERE h.valid_to IS NULL AND (h.entity_a IN (SELECT entity_id FROM redirected) OR h.entity_b IN (SELECT entity_id FROM redirected));
DELETE FROM history_new_co_mention_pairs WHERE entity_a IN (SELECT entity_id FROM redirected) OR entity_b IN (SELECT entity_id FROM redirected);
INSERT INTO history_new_co_mention_pairs SELECT entity_a, entity_b, articles, sentences FROM co_mention_pairs_contribution WHERE entity_a IN (SELECT entity_id FROM redirected) OR entity_b IN (SELECT entity_id FROM redirected);
INSERT INTO changed_co_mention_pairs SELECT entity_a, entity_b FROM co_mention_pairs_contribution WHERE entity_a IN (SELECT entity_id FROM redirected) OR entity_b IN (SELECT entity_id FROM redirected);

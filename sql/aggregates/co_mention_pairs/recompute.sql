-- The rows of the entities in `redirected` from the current state of `touched` (every
-- article naming one of them).
DELETE FROM co_mention_pairs WHERE entity_a IN (SELECT entity_id FROM redirected) OR entity_b IN (SELECT entity_id FROM redirected);
INSERT INTO co_mention_pairs BY NAME SELECT * FROM co_mention_pairs_contribution WHERE entity_a IN (SELECT entity_id FROM redirected) OR entity_b IN (SELECT entity_id FROM redirected);

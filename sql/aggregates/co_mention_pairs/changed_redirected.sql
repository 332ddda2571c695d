-- After a redirect recomputed the rows of the entities in `redirected`: the keys they had (the
-- open history rows) and have now changed too.
INSERT INTO changed_co_mention_pairs
SELECT h.entity_a, h.entity_b FROM co_mention_pairs_history h WHERE h.valid_to IS NULL AND (h.entity_a IN (SELECT entity_id FROM redirected) OR h.entity_b IN (SELECT entity_id FROM redirected))
UNION SELECT t.entity_a, t.entity_b FROM co_mention_pairs t WHERE t.entity_a IN (SELECT entity_id FROM redirected) OR t.entity_b IN (SELECT entity_id FROM redirected);

-- After a redirect recomputed the rows of the entities in `redirected`: the keys they had (the
-- open history rows) and have now changed too.
INSERT INTO changed_entity_stats
SELECT h.entity_id FROM entity_stats_history h WHERE h.valid_to IS NULL AND (h.entity_id IN (SELECT entity_id FROM redirected))
UNION SELECT t.entity_id FROM entity_stats t WHERE t.entity_id IN (SELECT entity_id FROM redirected);

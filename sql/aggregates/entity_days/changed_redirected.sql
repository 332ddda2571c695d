-- After a redirect recomputed the rows of the entities in `redirected`: the keys they had (the
-- open history rows) and have now changed too.
INSERT INTO changed_entity_days
SELECT h.entity_id, h.type, h.day FROM entity_days_history h WHERE h.valid_to IS NULL AND (h.entity_id IN (SELECT entity_id FROM redirected))
UNION SELECT t.entity_id, t.type, t.day FROM entity_days t WHERE t.entity_id IN (SELECT entity_id FROM redirected);

-- After a redirect recomputed the rows of the entities in `redirected`: the keys they had (the
-- open history rows) and have now changed too.
INSERT INTO changed_entity_forms
SELECT h.entity_id, h.text FROM entity_forms_history h WHERE h.valid_to IS NULL AND (h.entity_id IN (SELECT entity_id FROM redirected))
UNION SELECT t.entity_id, t.text FROM entity_forms t WHERE t.entity_id IN (SELECT entity_id FROM redirected);

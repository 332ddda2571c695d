-- After the merge (and any recompute): the new value of every changed key, as entity_forms holds it.
CREATE OR REPLACE TEMP TABLE history_new_entity_forms AS
SELECT t.entity_id, t.text, t.mentions FROM entity_forms t SEMI JOIN changed_entity_forms c ON t.entity_id IS NOT DISTINCT FROM c.entity_id AND t.text IS NOT DISTINCT FROM c.text;

-- After the merge (and any recompute): the new value of every changed key, as entity_days holds it.
CREATE OR REPLACE TEMP TABLE history_new_entity_days AS
SELECT t.entity_id, t.type, t.day, t.mentions, t.articles FROM entity_days t SEMI JOIN changed_entity_days c ON t.entity_id IS NOT DISTINCT FROM c.entity_id AND t.type IS NOT DISTINCT FROM c.type AND t.day IS NOT DISTINCT FROM c.day;

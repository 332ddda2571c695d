-- After the merge (and any recompute): the new value of every changed key, as entity_stats holds it.
CREATE OR REPLACE TEMP TABLE history_new_entity_stats AS
SELECT t.entity_id, t.mentions, t.articles FROM entity_stats t SEMI JOIN changed_entity_stats c ON t.entity_id IS NOT DISTINCT FROM c.entity_id;

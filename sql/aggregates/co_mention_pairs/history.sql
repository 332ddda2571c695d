-- After the merge (and any recompute): the new value of every changed key, as co_mention_pairs holds it.
CREATE OR REPLACE TEMP TABLE history_new_co_mention_pairs AS
SELECT t.entity_a, t.entity_b, t.articles, t.sentences FROM co_mention_pairs t SEMI JOIN changed_co_mention_pairs c ON t.entity_a IS NOT DISTINCT FROM c.entity_a AND t.entity_b IS NOT DISTINCT FROM c.entity_b;

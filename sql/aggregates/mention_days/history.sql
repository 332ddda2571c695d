-- After the merge (and any recompute): the new value of every changed key, as mention_days holds it.
CREATE OR REPLACE TEMP TABLE history_new_mention_days AS
SELECT t.day, t.type, t.mentions, t.articles FROM mention_days t SEMI JOIN changed_mention_days c ON t.day IS NOT DISTINCT FROM c.day AND t.type IS NOT DISTINCT FROM c.type;

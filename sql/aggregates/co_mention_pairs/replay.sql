-- Migration 011's replay: the value after the run of every key its delta changes: the open
-- history row plus the delta (delta_co_mention_pairs: minus the touched articles before, plus after).
CREATE OR REPLACE TEMP TABLE changed_co_mention_pairs AS SELECT DISTINCT entity_a, entity_b FROM delta_co_mention_pairs;
CREATE OR REPLACE TEMP TABLE history_new_co_mention_pairs AS
SELECT entity_a, entity_b, sum(articles) AS articles, sum(sentences) AS sentences FROM (
    SELECT h.entity_a, h.entity_b, h.articles, h.sentences FROM co_mention_pairs_history h SEMI JOIN changed_co_mention_pairs c ON h.entity_a IS NOT DISTINCT FROM c.entity_a AND h.entity_b IS NOT DISTINCT FROM c.entity_b
    WHERE h.valid_to IS NULL
    UNION ALL SELECT entity_a, entity_b, articles, sentences FROM delta_co_mention_pairs)
GROUP BY ALL HAVING sum(articles) <> 0;
DROP TABLE delta_co_mention_pairs;

-- Migration 011's replay: the value after the run of every key its delta changes: the open
-- history row plus the delta (delta_entity_stats: minus the touched articles before, plus after).
CREATE OR REPLACE TEMP TABLE changed_entity_stats AS SELECT DISTINCT entity_id FROM delta_entity_stats;
CREATE OR REPLACE TEMP TABLE history_new_entity_stats AS
SELECT entity_id, sum(mentions) AS mentions, sum(articles) AS articles FROM (
    SELECT h.entity_id, h.mentions, h.articles FROM entity_stats_history h SEMI JOIN changed_entity_stats c ON h.entity_id IS NOT DISTINCT FROM c.entity_id
    WHERE h.valid_to IS NULL
    UNION ALL SELECT entity_id, mentions, articles FROM delta_entity_stats)
GROUP BY ALL HAVING sum(mentions) <> 0;
DROP TABLE delta_entity_stats;

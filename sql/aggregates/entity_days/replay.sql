-- Migration 011's replay: the value after the run of every key its delta changes: the open
-- history row plus the delta (delta_entity_days: minus the touched articles before, plus after).
CREATE OR REPLACE TEMP TABLE changed_entity_days AS SELECT DISTINCT entity_id, type, day FROM delta_entity_days;
CREATE OR REPLACE TEMP TABLE history_new_entity_days AS
SELECT entity_id, type, day, sum(mentions) AS mentions, sum(articles) AS articles FROM (
    SELECT h.entity_id, h.type, h.day, h.mentions, h.articles FROM entity_days_history h SEMI JOIN changed_entity_days c ON h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.type IS NOT DISTINCT FROM c.type AND h.day IS NOT DISTINCT FROM c.day
    WHERE h.valid_to IS NULL
    UNION ALL SELECT entity_id, type, day, mentions, articles FROM delta_entity_days)
GROUP BY ALL HAVING sum(mentions) <> 0;
DROP TABLE delta_entity_days;

-- Migration 011's replay: the value after the run of every key its delta changes: the open
-- history row plus the delta (delta_entity_forms: minus the touched articles before, plus after).
CREATE OR REPLACE TEMP TABLE changed_entity_forms AS SELECT DISTINCT entity_id, text FROM delta_entity_forms;
CREATE OR REPLACE TEMP TABLE history_new_entity_forms AS
SELECT entity_id, text, sum(mentions) AS mentions FROM (
    SELECT h.entity_id, h.text, h.mentions FROM entity_forms_history h SEMI JOIN changed_entity_forms c ON h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.text IS NOT DISTINCT FROM c.text
    WHERE h.valid_to IS NULL
    UNION ALL SELECT entity_id, text, mentions FROM delta_entity_forms)
GROUP BY ALL HAVING sum(mentions) <> 0;
DROP TABLE delta_entity_forms;

-- Fold the run's delta into entity_forms; a key whose count falls to 0 is dropped.
CREATE OR REPLACE TEMP TABLE merge_delta AS SELECT entity_id, text, sum(mentions) AS mentions FROM delta_entity_forms GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT entity_id, text, sum(mentions) AS mentions FROM (
    SELECT t.* FROM entity_forms t SEMI JOIN merge_delta d ON t.entity_id IS NOT DISTINCT FROM d.entity_id AND t.text IS NOT DISTINCT FROM d.text
    UNION ALL BY NAME SELECT * FROM merge_delta)
GROUP BY ALL;
DELETE FROM entity_forms t USING merge_delta d WHERE t.entity_id IS NOT DISTINCT FROM d.entity_id AND t.text IS NOT DISTINCT FROM d.text;
INSERT INTO entity_forms BY NAME SELECT * FROM merge_rows WHERE mentions <> 0;
DROP TABLE merge_delta;
DROP TABLE merge_rows;
DROP TABLE delta_entity_forms;

-- Fold the run's delta into entity_days; a key whose count falls to 0 is dropped.
CREATE OR REPLACE TEMP TABLE merge_delta AS SELECT entity_id, type, day, sum(mentions) AS mentions, sum(articles) AS articles FROM delta_entity_days GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT entity_id, type, day, sum(mentions) AS mentions, sum(articles) AS articles FROM (
    SELECT t.* FROM entity_days t SEMI JOIN merge_delta d ON t.entity_id IS NOT DISTINCT FROM d.entity_id AND t.type IS NOT DISTINCT FROM d.type AND t.day IS NOT DISTINCT FROM d.day
    UNION ALL BY NAME SELECT * FROM merge_delta)
GROUP BY ALL;
DELETE FROM entity_days t USING merge_delta d WHERE t.entity_id IS NOT DISTINCT FROM d.entity_id AND t.type IS NOT DISTINCT FROM d.type AND t.day IS NOT DISTINCT FROM d.day;
INSERT INTO entity_days BY NAME SELECT * FROM merge_rows WHERE mentions <> 0;
DROP TABLE merge_delta;
DROP TABLE merge_rows;
DROP TABLE delta_entity_days;

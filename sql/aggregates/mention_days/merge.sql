-- Fold the run's delta into mention_days; a key whose count falls to 0 is dropped.
CREATE OR REPLACE TEMP TABLE merge_delta AS SELECT day, type, sum(mentions) AS mentions, sum(articles) AS articles FROM delta_mention_days GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT day, type, sum(mentions) AS mentions, sum(articles) AS articles FROM (
    SELECT t.* FROM mention_days t SEMI JOIN merge_delta d ON t.day IS NOT DISTINCT FROM d.day AND t.type IS NOT DISTINCT FROM d.type
    UNION ALL BY NAME SELECT * FROM merge_delta)
GROUP BY ALL;
DELETE FROM mention_days t USING merge_delta d WHERE t.day IS NOT DISTINCT FROM d.day AND t.type IS NOT DISTINCT FROM d.type;
INSERT INTO mention_days BY NAME SELECT * FROM merge_rows WHERE mentions <> 0;
DROP TABLE merge_delta;
DROP TABLE merge_rows;
DROP TABLE delta_mention_days;

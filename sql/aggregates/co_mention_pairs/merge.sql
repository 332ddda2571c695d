-- Fold the run's delta into co_mention_pairs; a key whose count falls to 0 is dropped.
CREATE OR REPLACE TEMP TABLE merge_delta AS SELECT entity_a, entity_b, sum(articles) AS articles, sum(sentences) AS sentences FROM delta_co_mention_pairs GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT entity_a, entity_b, sum(articles) AS articles, sum(sentences) AS sentences FROM (
    SELECT t.* FROM co_mention_pairs t SEMI JOIN merge_delta d ON t.entity_a IS NOT DISTINCT FROM d.entity_a AND t.entity_b IS NOT DISTINCT FROM d.entity_b
    UNION ALL BY NAME SELECT * FROM merge_delta)
GROUP BY ALL;
DELETE FROM co_mention_pairs t USING merge_delta d WHERE t.entity_a IS NOT DISTINCT FROM d.entity_a AND t.entity_b IS NOT DISTINCT FROM d.entity_b;
INSERT INTO co_mention_pairs BY NAME SELECT * FROM merge_rows WHERE articles <> 0;
DROP TABLE merge_delta;
DROP TABLE merge_rows;
DROP TABLE delta_co_mention_pairs;

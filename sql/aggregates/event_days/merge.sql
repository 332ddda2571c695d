-- Fold the run's delta into event_days; a key whose count falls to 0 is dropped.
CREATE OR REPLACE TEMP TABLE merge_delta AS SELECT event_date, type, quad_class, sum(events) AS events, sum(articles) AS articles FROM delta_event_days GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT event_date, type, quad_class, sum(events) AS events, sum(articles) AS articles FROM (
    SELECT t.* FROM event_days t SEMI JOIN merge_delta d ON t.event_date IS NOT DISTINCT FROM d.event_date AND t.type IS NOT DISTINCT FROM d.type AND t.quad_class IS NOT DISTINCT FROM d.quad_class
    UNION ALL BY NAME SELECT * FROM merge_delta)
GROUP BY ALL;
DELETE FROM event_days t USING merge_delta d WHERE t.event_date IS NOT DISTINCT FROM d.event_date AND t.type IS NOT DISTINCT FROM d.type AND t.quad_class IS NOT DISTINCT FROM d.quad_class;
INSERT INTO event_days BY NAME SELECT * FROM merge_rows WHERE events <> 0;
DROP TABLE merge_delta;
DROP TABLE merge_rows;
DROP TABLE delta_event_days;

-- Events and articles per event date (from the text; NULL: undated), type and class.
-- What the articles in the temp table `touched` contribute to event_days, as they stand now.
CREATE OR REPLACE TEMP VIEW event_days_contribution AS
SELECT ev.event_date, ev.type, ev.quad_class, count(*) AS events,
       count(DISTINCT ev.article_id) AS articles
FROM events_history ev
WHERE ev.valid_to IS NULL AND ev.run_id IN (SELECT run_id FROM runs WHERE status = 'committed')
  AND ev.article_id IN (SELECT article_id FROM touched)
GROUP BY ALL;

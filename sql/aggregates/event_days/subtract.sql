-- Before the run's rows go in: minus what its touched articles contribute now (none when
-- $known is false: only new articles, so nothing to read).
CREATE OR REPLACE TEMP TABLE delta_event_days AS
SELECT event_date, type, quad_class, -events AS events, -articles AS articles FROM event_days_contribution WHERE $known;

-- Before the run's rows go in: minus what its touched articles contribute now (none when
-- $known is false: only new articles, so nothing to read).
CREATE OR REPLACE TEMP TABLE delta_mention_days AS
SELECT day, type, -mentions AS mentions, -articles AS articles FROM mention_days_contribution WHERE $known;

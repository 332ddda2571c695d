-- Before the run's rows go in: minus what its touched articles contribute now (none when
-- $known is false: only new articles, so nothing to read).
CREATE OR REPLACE TEMP TABLE delta_entity_stats AS
SELECT entity_id, -mentions AS mentions, -articles AS articles FROM entity_stats_contribution WHERE $known;

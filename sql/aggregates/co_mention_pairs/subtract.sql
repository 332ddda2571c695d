-- Before the run's rows go in: minus what its touched articles contribute now (none when
-- $known is false: only new articles, so nothing to read).
CREATE OR REPLACE TEMP TABLE delta_co_mention_pairs AS
SELECT entity_a, entity_b, -articles AS articles, -sentences AS sentences FROM co_mention_pairs_contribution WHERE $known;

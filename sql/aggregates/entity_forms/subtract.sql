-- Before the run's rows go in: minus what its touched articles contribute now (none when
-- $known is false: only new articles, so nothing to read).
CREATE OR REPLACE TEMP TABLE delta_entity_forms AS
SELECT entity_id, text, -mentions AS mentions FROM entity_forms_contribution WHERE $known;
